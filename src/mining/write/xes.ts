import type { Writable } from 'node:stream';
import type { EventAttribute, LogEvent } from '../objects/log-event.ts';
import { formatIso, NO_OFFSET } from '../util/timestamp.ts';
import { TextSink } from './sink.ts';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Escapes text for a double-quoted XML attribute (tab/CR/LF as character references survive normalisation). */
export function xmlAttr(text: string): string {
  return /[&<>"\t\n\r]/.test(text) ? text.replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

/**
 * Writes events as an XES document (IEEE 1849) to a stream. Events of a case must come
 * together, each run of events with the same case id becomes one `<trace>`; should a case id
 * come back later it becomes a second trace with that name, which servflow's reader (like
 * PM4Py's) merges back into one case. Times are written with the offset the event carries.
 * Resolves when everything is handed to the stream (the caller ends it).
 */
/** Extra attributes as XES typed elements (integers as `int`, other numbers as `float`). */
function xesAttributes(attrs: Readonly<Record<string, EventAttribute>>): string {
  let text = '';
  for (const [key, v] of Object.entries(attrs)) {
    if (v === null) continue;
    const type = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'string';
    text += `\t\t\t<${type} key="${xmlAttr(key)}" value="${xmlAttr(String(v))}"/>\n`;
  }
  return text;
}

export async function writeXes(events: AsyncIterable<LogEvent> | Iterable<LogEvent>, out: Writable): Promise<void> {
  const sink = new TextSink(out);
  await sink.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">\n' +
      '\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n' +
      '\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n' +
      '\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n' +
      '\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n' +
      '\t<classifier name="Activity" keys="concept:name"/>\n' +
      '\t<string key="source" value="servflow"/>\n',
  );
  let open: string | null = null;
  for await (const e of events) {
    if (e.caseId !== open) {
      if (open !== null) await sink.write('\t</trace>\n');
      await sink.write(`\t<trace>\n\t\t<string key="concept:name" value="${xmlAttr(e.caseId)}"/>\n`);
      open = e.caseId;
    }
    let text = `\t\t<event>\n\t\t\t<string key="concept:name" value="${xmlAttr(e.activity)}"/>\n`;
    if (e.resource != null) text += `\t\t\t<string key="org:resource" value="${xmlAttr(e.resource)}"/>\n`;
    if (e.lifecycle != null) text += `\t\t\t<string key="lifecycle:transition" value="${xmlAttr(e.lifecycle)}"/>\n`;
    if (!Number.isNaN(e.time)) text += `\t\t\t<date key="time:timestamp" value="${formatIso(e.time, e.offsetMinutes ?? NO_OFFSET)}"/>\n`;
    if (e.startTime != null && !Number.isNaN(e.startTime)) text += `\t\t\t<date key="start_timestamp" value="${formatIso(e.startTime, e.offsetMinutes ?? NO_OFFSET)}"/>\n`;
    if (e.attributes !== undefined) text += xesAttributes(e.attributes);
    await sink.write(text + '\t\t</event>\n');
  }
  if (open !== null) await sink.write('\t</trace>\n');
  await sink.write('</log>\n');
  await sink.flush();
}
