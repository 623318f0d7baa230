// Loaded only by dynamic import (the diagram designer).
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
export { default as Modeler } from 'bpmn-js/lib/Modeler';
