/**
 * The one inside representation of an SOP (standard service process).
 *
 * YAML and BPMN readers produce a `ProcessDefinition`; `compile()` turns it into a
 * `CompiledProcess` (a graph with flows resolved) that the engine and the simulator run.
 * Everything here is plain readonly data so definitions can be stored as JSON and shared.
 */

/** A text in Chinese and English; at least one is present. */
export interface LocalizedText {
  readonly zh?: string;
  readonly en?: string;
}

/** How a length of time is counted: wall-clock time, or only while the calendar is open. */
export type TimeBasis = 'elapsed' | 'working';
export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks';

/**
 * A length of time such as "48 h" or "3 working days".
 * `working` days count opening days on the business calendar (see src/calendar).
 */
export interface TimeLimit {
  readonly amount: number;
  readonly unit: TimeUnit;
  readonly basis: TimeBasis;
}

/** What happens when an SLA is breached (or some time after the breach). */
export type EscalationAction =
  | { readonly kind: 'notify'; readonly role: string; readonly message?: LocalizedText }
  | { readonly kind: 'reassign'; readonly role: string }
  | { readonly kind: 'raisePriority'; readonly by?: number };

export interface Escalation {
  /** Time after the breach at which this step fires; absent = at the breach itself. */
  readonly after?: TimeLimit;
  readonly actions: readonly EscalationAction[];
}

export interface SlaSpec {
  /** The time limit; or an FEEL expression evaluating to a duration string ("4h", "1 working day"). */
  readonly due: TimeLimit | { readonly expression: string };
  /** The warning point: a fraction of the limit (0.8) or a time limit before the due time. */
  readonly warning?: { readonly fraction: number } | { readonly before: TimeLimit };
  readonly escalations?: readonly Escalation[];
  /** Calendar name; default: the process calendar. */
  readonly calendar?: string;
  /** The SLA clock stops while the task waits for the customer. */
  readonly pauseWhileWaitingForCustomer?: boolean;
}

/** Who gets a human step's task. */
export type Assignment =
  | { readonly strategy: 'queue' } // claim from the role's queue
  | { readonly strategy: 'rotation' } // duty-order rotation (轮流接待)
  | { readonly strategy: 'leastLoaded' }
  | { readonly strategy: 'sameAs'; readonly node: string } // the person who did an earlier step
  | { readonly strategy: 'customerOwner' }; // the customer's account manager

export interface ChecklistItem {
  readonly id: string;
  readonly text: LocalizedText;
  readonly required: boolean;
  /** Weight in a weighted score; default 1. */
  readonly weight?: number;
}

/**
 * When a checklist passes. Default: every required item checked.
 * `minOptional`: also at least N optional items (the five-star "35 of 78").
 * `minScore`: weighted score of checked items at least this.
 */
export interface PassRule {
  readonly allRequired: boolean;
  readonly minOptional?: number;
  readonly minScore?: number;
}

export interface Checklist {
  readonly items: readonly ChecklistItem[];
  readonly pass: PassRule;
  /** When the checklist fails: block completion (default) or record the failure and go on. */
  readonly onFail?: 'block' | 'record';
}

export type FieldType =
  | 'text'
  | 'longText'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'select'
  | 'multiSelect'
  | 'phone'
  | 'money'
  | 'signature'
  | 'photo';

export interface FormField {
  readonly id: string;
  readonly label: LocalizedText;
  readonly type: FieldType;
  readonly required: boolean;
  readonly options?: readonly { readonly value: string; readonly label: LocalizedText }[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** Case variable the value is copied into when the step completes; default: the field id. */
  readonly variable?: string;
}

export interface ScriptLine {
  readonly when?: LocalizedText;
  readonly say: LocalizedText;
}

interface NodeBase {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  /** Next node; default: the node written after this one. Not used by gateways' branches. */
  readonly next?: string;
}

/** A step a person does (BPMN userTask). */
export interface HumanStep extends NodeBase {
  readonly kind: 'human';
  readonly role: string;
  readonly assignment: Assignment;
  readonly sla?: SlaSpec;
  readonly checklist?: Checklist;
  readonly script?: readonly ScriptLine[];
  readonly form?: readonly FormField[];
  /** The customer is present or contacted in this step (touchpoint analysis, S03). */
  readonly touchpoint?: boolean;
  /** Certificate required to be given this task (staff issue). */
  readonly certificate?: string;
  readonly priority?: number;
}

/** A call to another system over HTTP (BPMN serviceTask). */
export interface ServiceStep extends NodeBase {
  readonly kind: 'service';
  readonly request: {
    readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    /** URL; `{var}` placeholders are filled from case data. */
    readonly url: string;
    readonly headers?: Readonly<Record<string, string>>;
    /** FEEL expression producing the JSON body; default: the whole case data. */
    readonly body?: string;
  };
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoff: { readonly initialMs: number; readonly factor: number; readonly maxMs: number };
  /** Case variable that receives the JSON answer. */
  readonly resultVariable?: string;
  /** Where to go when every retry failed; absent = the case fails (an incident). */
  readonly onError?: string;
}

/** Wait: a duration, until a date from case data, or N working days. */
export interface TimerStep extends NodeBase {
  readonly kind: 'timer';
  readonly wait:
    | { readonly duration: TimeLimit; readonly calendar?: string }
    /** FEEL expression giving a date-time (ISO string) relative to which `offset` applies. */
    | { readonly until: string; readonly offset?: TimeLimit; readonly calendar?: string };
}

export interface Branch {
  /** FEEL boolean expression over case data. */
  readonly when: string;
  readonly to: string;
  readonly name?: LocalizedText;
}

/** BPMN exclusive gateway: the first true condition wins; else the default. */
export interface ExclusiveGateway extends NodeBase {
  readonly kind: 'exclusive';
  readonly branches: readonly Branch[];
  readonly default?: string;
}

/** BPMN parallel gateway: splits to every `to`, and joins when it has several incoming flows. */
export interface ParallelGateway extends NodeBase {
  readonly kind: 'parallel';
  /** Split targets; absent = one outgoing flow (`next`), i.e. a pure join. */
  readonly to?: readonly string[];
}

/** Start another SOP as a sub-case and wait for it (BPMN callActivity). */
export interface CallStep extends NodeBase {
  readonly kind: 'call';
  readonly process: string;
  /** Case variables passed in (child name → FEEL expression); default: all case data. */
  readonly input?: Readonly<Record<string, string>>;
  /** Variables copied back (parent name → child variable); default: none. */
  readonly output?: Readonly<Record<string, string>>;
}

export interface EndNode extends NodeBase {
  readonly kind: 'end';
  readonly outcome?: string;
}

export type ProcessNode = HumanStep | ServiceStep | TimerStep | ExclusiveGateway | ParallelGateway | CallStep | EndNode;
export type NodeKind = ProcessNode['kind'];

export interface RoleDef {
  readonly id: string;
  readonly name: LocalizedText;
}

export type VariableType = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'object' | 'list';

export interface VariableDef {
  readonly id: string;
  readonly type: VariableType;
  readonly label?: LocalizedText;
  readonly required?: boolean;
  readonly default?: unknown;
}

/** A recurring start (RRULE), e.g. the daily 9:00 inspection round. */
export interface Schedule {
  readonly rrule: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** An SOP as authored (YAML or BPMN). Nodes run in the order written unless `next` says otherwise. */
export interface ProcessDefinition {
  readonly key: string;
  readonly version: number;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly industry?: string;
  /** The seed systems this SOP models (S09, S30…). */
  readonly seeds?: readonly string[];
  readonly roles: readonly RoleDef[];
  /** Calendar name (resolved by the store/runtime); default "default". */
  readonly calendar?: string;
  readonly variables: readonly VariableDef[];
  /** Case-level SLA: start to end. */
  readonly sla?: SlaSpec;
  readonly schedules?: readonly Schedule[];
  readonly nodes: readonly ProcessNode[];
}

/** A flow between two nodes in the compiled graph. */
export interface Flow {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** FEEL condition (exclusive gateway branches); absent on plain and default flows. */
  readonly when?: string;
  readonly isDefault?: boolean;
}

/** The runnable graph: nodes by id with outgoing and incoming flows resolved. */
export interface CompiledProcess {
  readonly definition: ProcessDefinition;
  readonly start: string;
  readonly nodes: Readonly<Record<string, ProcessNode>>;
  readonly outgoing: Readonly<Record<string, readonly Flow[]>>;
  readonly incoming: Readonly<Record<string, readonly Flow[]>>;
}
