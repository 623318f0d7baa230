import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { SimulationError } from '../errors.ts';
import { scenarioFileSchema, type ScenarioFile } from './schema.ts';

/** Parses a scenario file's text (YAML, of which JSON is a subset), naming the file and the field of every problem. */
export function parseScenarioFile(text: string, fileName: string): ScenarioFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new SimulationError('BAD_SCENARIO', `${fileName}: not valid YAML or JSON: ${(e as Error).message}`);
  }
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${fileName}: ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new SimulationError('BAD_SCENARIO', `the scenario file has ${lines.length} problem${lines.length > 1 ? 's' : ''}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads and validates a scenario file. */
export async function loadScenarioFile(path: string): Promise<ScenarioFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SimulationError('BAD_SCENARIO', `cannot read scenario file ${path}: ${(e as Error).message}`);
  }
  return parseScenarioFile(text, path);
}
