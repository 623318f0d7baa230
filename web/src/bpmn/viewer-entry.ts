// Loaded only by dynamic import (the SOP page's diagram): bpmn-js and its styles stay out of
// the inbox bundle.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
export { default as NavigatedViewer } from 'bpmn-js/lib/NavigatedViewer';
