import type { EventLog } from './event-log.ts';
import { Growable, Interner } from '../util/growable.ts';
import { NO_OFFSET, type ParsedTimestamp } from '../util/timestamp.ts';

/**
 * How written time-zone offsets are used.
 * - `keep` (default): the instant is the wall-clock time minus the offset, and the offset is
 *   kept for writing back. Durations across a daylight-saving change are right.
 * - `drop`: PM4Py's XES behaviour: the wall-clock time is read as if it were UTC and the offset
 *   is forgotten. Only for comparing with PM4Py (docs/mining.md, "deviations").
 */
export type OffsetMode = 'keep' | 'drop';

/** Options shared by every log reader. */
export interface LogReadOptions {
  readonly offsets?: OffsetMode;
}

/**
 * Accumulates events into the columns of an `EventLog`. Readers append events and close a
 * "segment" whenever the case changes (a `<trace>` ends, or a CSV row names another case).
 * Segments of the same case id are merged in `build()`, as PM4Py does when it groups a frame
 * by case id, so a case split across the file (CSV rows interleaved, or two XES traces with
 * the same name) is one case with its events in file order.
 */
export class LogBuilder {
  readonly activities = new Interner();
  readonly resources = new Interner();
  readonly lifecycles = new Interner();
  private readonly cases = new Interner();
  private readonly activity = new Growable(Int32Array, 4096);
  private readonly time = new Growable(Float64Array, 4096);
  private readonly offset = new Growable(Int16Array, 4096);
  private start: Growable<Float64Array> | null;
  private readonly resource = new Growable(Int32Array, 4096);
  private readonly lifecycle = new Growable(Int32Array, 4096);
  private readonly segCase = new Growable(Int32Array, 256);
  private readonly segEnd = new Growable(Int32Array, 256);
  private segmentFrom = 0;
  private readonly dropOffsets: boolean;

  constructor(options: LogReadOptions & { readonly withStartTime?: boolean } = {}) {
    this.dropOffsets = options.offsets === 'drop';
    this.start = options.withStartTime ? new Growable(Float64Array, 4096) : null;
  }

  /**
   * Forgets the start-time column before any event is appended (a CSV reader learns from the
   * header that there is none), so no column of NaNs is filled for nothing.
   */
  dropStartTime(): void {
    if (this.activity.length > 0) throw new Error('dropStartTime after events were appended');
    this.start = null;
  }

  /** Makes room for about `events` events in every column (an estimate from the input's size). */
  reserve(events: number): void {
    for (const col of [this.activity, this.time, this.offset, this.start, this.resource, this.lifecycle]) col?.reserve(events);
  }

  /** Events appended so far. */
  get eventCount(): number {
    return this.activity.length;
  }

  /** Converts a parsed timestamp to the stored instant, honouring the offset mode. */
  instant(ts: ParsedTimestamp): number {
    return this.dropOffsets || ts.offsetMin === NO_OFFSET ? ts.wallMs : ts.wallMs - ts.offsetMin * 60_000;
  }

  /** Appends one event of the current segment (ids from this builder's interners, -1 = none). */
  addEvent(activityId: number, ts: ParsedTimestamp | null, startMs: number, resourceId: number, lifecycleId: number): void {
    this.activity.push(activityId);
    if (ts === null) {
      this.time.push(Number.NaN);
      this.offset.push(NO_OFFSET);
    } else {
      this.time.push(this.instant(ts));
      this.offset.push(this.dropOffsets ? NO_OFFSET : ts.offsetMin);
    }
    this.start?.push(startMs);
    this.resource.push(resourceId);
    this.lifecycle.push(lifecycleId);
  }

  /** Closes the current segment: the events appended since the last call belong to `caseId`. */
  endSegment(caseId: string): void {
    const end = this.activity.length;
    if (end === this.segmentFrom) return; // a case without events does not exist in the log
    this.segCase.push(this.cases.id(caseId));
    this.segEnd.push(end);
    this.segmentFrom = end;
  }

  /** True when events were appended after the last `endSegment`. */
  get hasOpenSegment(): boolean {
    return this.activity.length > this.segmentFrom;
  }

  /** Finishes the log (the builder must not be used afterwards). */
  build(): EventLog {
    const nCases = this.cases.names.length;
    const nSeg = this.segCase.length;
    const cols = {
      activity: this.activity.finish(),
      time: this.time.finish(),
      offset: this.offset.finish(),
      start: this.start?.finish() ?? null,
      resource: this.resource.finish(),
      lifecycle: this.lifecycle.finish(),
    };
    const caseStart = new Int32Array(nCases + 1);
    if (nSeg === nCases) {
      // Every case is one contiguous segment, in order of first appearance: no copying.
      for (let s = 0; s < nSeg; s++) caseStart[s + 1] = this.segEnd.at(s);
      return this.assemble(caseStart, cols);
    }
    // Some case appears in several segments: regroup events by case, keeping file order.
    const sizes = new Int32Array(nCases);
    let from = 0;
    for (let s = 0; s < nSeg; s++) {
      const end = this.segEnd.at(s);
      sizes[this.segCase.at(s)]! += end - from;
      from = end;
    }
    for (let c = 0; c < nCases; c++) caseStart[c + 1] = caseStart[c]! + sizes[c]!;
    const fill = caseStart.slice(0, nCases);
    const order = new Int32Array(cols.activity.length); // new position → old position
    from = 0;
    for (let s = 0; s < nSeg; s++) {
      const end = this.segEnd.at(s);
      const c = this.segCase.at(s);
      for (let e = from; e < end; e++) order[fill[c]!++] = e;
      from = end;
    }
    return this.assemble(caseStart, {
      activity: permute(cols.activity, order),
      time: permute(cols.time, order),
      offset: permute(cols.offset, order),
      start: cols.start === null ? null : permute(cols.start, order),
      resource: permute(cols.resource, order),
      lifecycle: permute(cols.lifecycle, order),
    });
  }

  private assemble(
    caseStart: Int32Array,
    cols: { activity: Int32Array; time: Float64Array; offset: Int16Array; start: Float64Array | null; resource: Int32Array; lifecycle: Int32Array },
  ): EventLog {
    return {
      caseIds: this.cases.names,
      caseStart,
      activityNames: this.activities.names,
      activity: cols.activity,
      time: cols.time,
      offsetMin: cols.offset,
      startTime: cols.start,
      resourceNames: this.resources.names,
      resource: cols.resource,
      lifecycleNames: this.lifecycles.names,
      lifecycle: cols.lifecycle,
    };
  }
}

function permute<A extends Int32Array | Float64Array | Int16Array>(src: A, order: Int32Array): A {
  const out = new (src.constructor as { new (n: number): A })(src.length);
  for (let i = 0; i < order.length; i++) out[i] = src[order[i]!]!;
  return out;
}
