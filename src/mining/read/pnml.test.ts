import { describe, expect, it } from 'vitest';
import { MiningError } from '../errors.ts';
import { parsePnml } from './pnml.ts';

const NET = `<?xml version="1.0" encoding="UTF-8"?>
<pnml><net id="n" type="http://www.pnml.org/version-2009/grammar/pnmlcoremodel">
  <name><text>demo</text></name>
  <page id="p0">
    <place id="start"><name><text>start</text></name><initialMarking><text>1</text></initialMarking></place>
    <page id="inner"><place id="end"/></page>
    <transition id="t1"><name><text>Approve &amp; sign</text></name></transition>
    <transition id="tau"><name><text>skip</text></name><toolspecific tool="ProM" version="6.4" activity="$invisible$"/></transition>
    <arc id="a1" source="start" target="t1"><inscription><text>2</text></inscription></arc>
    <arc id="a2" source="t1" target="end"/>
    <arc id="a3" source="start" target="tau"/>
    <arc id="a4" source="tau" target="end"/>
  </page>
  <finalmarkings><marking><place idref="start"><text>0</text></place><place idref="end"><text>1</text></place></marking></finalmarkings>
</net></pnml>`;

function failure(text: string): MiningError {
  try {
    parsePnml(text, 'model.pnml');
  } catch (err) {
    if (err instanceof MiningError) return err;
    throw err;
  }
  throw new Error('expected a MiningError');
}

describe('PNML reader', () => {
  it('reads places in nested pages, labels, silent transitions, weights and both markings', () => {
    const { net, initialMarking, finalMarking } = parsePnml(NET);
    expect(net.name).toBe('demo');
    expect(net.places.map((p) => p.id)).toEqual(['start', 'end']);
    expect(net.transitions.map((t) => [t.id, t.label])).toEqual([['t1', 'Approve & sign'], ['tau', null]]);
    expect(net.arcs[0]).toEqual({ kind: 'place-to-transition', place: 'start', transition: 't1', weight: 2 });
    expect(net.arcs[1]).toEqual({ kind: 'transition-to-place', transition: 't1', place: 'end', weight: 1 });
    expect(initialMarking).toEqual({ start: 1 });
    expect(finalMarking).toEqual({ end: 1 });
  });

  it('reads ISO-8859-1 bytes as declared', () => {
    const latin = Buffer.from(NET.replace('UTF-8', 'ISO-8859-1').replace('Approve &amp; sign', 'Prüfen'), 'latin1');
    expect(parsePnml(latin).net.transitions[0]!.label).toBe('Prüfen');
  });

  it('names the line of malformed XML and of arcs that do not join a place and a transition', () => {
    const bad = failure('<pnml>\n<net id="n">\n<place id="p">\n</net></pnml>');
    expect(bad.code).toBe('PNML_MALFORMED');
    expect(bad.location).toMatchObject({ file: 'model.pnml', line: 4 });
    const arc = failure(NET.replace('source="t1" target="end"', 'source="t1" target="t1"'));
    expect(arc.message).toMatch(/arc t1 → t1 must join a place and a transition/);
    expect(arc.location.line).toBe(10);
    expect(failure('<pnml><net id="n"><arc id="a" source="x" target="y"><arctype><text>inhibitor</text></arctype></arc></net></pnml>').message).toMatch(/not supported/);
    expect(failure('<nothing/>').message).toMatch(/no <net> element/);
  });
});
