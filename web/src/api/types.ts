/**
 * The shapes of the API answers the pages read. They follow the server's OpenAPI document
 * (`/api/openapi.json`); fields a page does not read are left out.
 */
import type { ChecklistOutcome, SlaState, CaseStatus } from '../../../src/engine/types.ts';
import type { Checklist, FormField, LocalizedText, ScriptLine, ProcessNode, RoleDef } from '../../../src/model/types.ts';

export type { ChecklistOutcome, SlaState, CaseStatus, Checklist, FormField, LocalizedText, ScriptLine, ProcessNode, RoleDef };

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly orgId: string;
  readonly orgName?: string;
  /** Roles per store: what the role queues hold. */
  readonly roles: readonly { readonly storeId: string; readonly role: string }[];
  readonly access?: readonly { readonly level: string; readonly storeId?: string }[];
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';

/** A task as the inbox lists it. */
export interface TaskSummary {
  readonly id: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly processVersion?: number;
  readonly processName?: LocalizedText;
  readonly node: string;
  readonly stepName?: LocalizedText;
  readonly role: string;
  readonly roleName?: LocalizedText;
  readonly storeId?: string | null;
  readonly storeName?: string | null;
  readonly timeZone?: string | null;
  readonly status: TaskStatus;
  readonly assignee?: string | null;
  readonly assigneeName?: string | null;
  readonly priority: number;
  readonly createdAt: string;
  readonly dueAt?: string | null;
  readonly warnAt?: string | null;
  readonly slaState?: SlaState | null;
  readonly waitingForCustomer?: boolean;
  readonly customerName?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface CustomerCard {
  readonly id: string;
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly tier?: string | null;
  readonly ownerName?: string | null;
  readonly caseCount?: number;
  readonly notes?: string | null;
  /** Owed on membership cards (signed for), in cents: reception settles it. */
  readonly outstandingCents?: number;
}

/** Everything the task page shows: the task, its step's definition and the case around it. */
export interface TaskDetail extends TaskSummary {
  readonly step: {
    readonly name: LocalizedText;
    readonly description?: LocalizedText;
    readonly script?: readonly ScriptLine[];
    readonly checklist?: Checklist;
    readonly form?: readonly FormField[];
  };
  readonly caseData: Readonly<Record<string, unknown>>;
  readonly variables?: readonly { readonly id: string; readonly label?: LocalizedText }[];
  readonly customer?: CustomerCard | null;
  readonly result?: { readonly form?: Readonly<Record<string, unknown>>; readonly checklist?: ChecklistOutcome } | null;
}

export interface CaseSummary {
  readonly id: string;
  readonly processKey: string;
  readonly processVersion: number;
  readonly processName?: LocalizedText;
  readonly status: CaseStatus;
  readonly storeId?: string | null;
  readonly storeName?: string | null;
  readonly timeZone?: string | null;
  readonly customerName?: string | null;
  readonly startedAt: string;
  readonly endedAt?: string | null;
  readonly slaState?: SlaState | null;
  readonly slaDueAt?: string | null;
  readonly current?: readonly LocalizedText[];
  readonly outcome?: string | null;
}

export interface TimelineEntry {
  readonly seq: number | string;
  readonly kind: 'event' | 'comment';
  readonly scope?: 'step' | 'case' | 'sla';
  readonly activity?: string;
  readonly activityName?: LocalizedText;
  readonly lifecycle?: string;
  readonly at: string;
  readonly resource?: string | null;
  readonly resourceName?: string | null;
  readonly taskId?: string | null;
  readonly attrs?: Readonly<Record<string, unknown>> | null;
  readonly text?: string;
}

export interface SlaClockView {
  readonly target: 'case' | string;
  readonly name?: LocalizedText;
  readonly state: SlaState;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly warnAt?: string | null;
  readonly pausedAt?: string | null;
  readonly closedAt?: string | null;
}

export interface CaseDetail extends CaseSummary {
  readonly data: Readonly<Record<string, unknown>>;
  readonly timeline: readonly TimelineEntry[];
  readonly clocks: readonly SlaClockView[];
  /** Node ids where the case stands now, and node ids it has passed. */
  readonly position: { readonly active: readonly string[]; readonly done: readonly string[] };
  readonly tasks: readonly TaskSummary[];
  readonly definition: SopDefinitionView;
  readonly completedSteps?: readonly {
    readonly taskId: string;
    readonly node: string;
    readonly closedAt: string;
    readonly closedBy?: string | null;
    readonly result?: { readonly form?: Readonly<Record<string, unknown>>; readonly checklist?: ChecklistOutcome } | null;
  }[];
}

export interface SopDefinitionView {
  readonly key: string;
  readonly version: number;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly industry?: string;
  readonly seeds?: readonly string[];
  readonly roles: readonly RoleDef[];
  readonly variables?: readonly { readonly id: string; readonly label?: LocalizedText }[];
  readonly nodes: readonly ProcessNode[];
}

export interface SopSummary {
  readonly key: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly industry?: string | null;
  readonly latestVersion: number;
  readonly publishedVersion?: number | null;
  readonly status: 'draft' | 'published' | 'retired';
  readonly steps?: number;
}

export interface SopVersion {
  readonly key: string;
  readonly version: number;
  readonly status: 'draft' | 'published' | 'retired';
  readonly createdAt: string;
  readonly publishedAt?: string | null;
}

export interface SopProblem {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  readonly code?: string;
}

/** The dashboard figures for a period (src/web-api/kpi). Durations in milliseconds. */
export interface Kpis {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly summary: {
    readonly slaTotal: number;
    readonly slaOnTime: number;
    readonly cycleAvgMs: number | null;
    readonly completed: number;
    readonly started: number;
    readonly active: number;
    readonly csatAvg: number | null;
    readonly csatCount: number;
  };
  readonly daily: readonly { readonly day: string; readonly started: number; readonly completed: number; readonly slaTotal: number; readonly slaOnTime: number }[];
  readonly steps: readonly {
    readonly processKey: string;
    readonly node: string;
    readonly name?: LocalizedText | null;
    readonly count: number;
    readonly handlingAvgMs: number;
    readonly waitingAvgMs: number;
  }[];
  readonly staff: readonly {
    readonly staffId: string;
    readonly name: string;
    readonly tasksDone: number;
    readonly slaTotal: number;
    readonly slaOnTime: number;
    readonly handlingAvgMs: number;
    readonly checklistTotal: number;
    readonly checklistPassed: number;
  }[];
}

/** Which cases are behind a number of the dashboard. */
export type Drill =
  | { readonly metric: 'completed' | 'started' | 'active' | 'breached' | 'onTime' | 'csatLow'; readonly day?: string }
  | { readonly metric: 'step'; readonly processKey: string; readonly node: string }
  | { readonly metric: 'staff'; readonly staffId: string };
