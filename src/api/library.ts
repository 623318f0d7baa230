import type { ProcessDefinition } from '../model/types.ts';

/**
 * The SOP template library shipped with servflow (`templates/**\/*.yaml`), loaded by the server
 * at start. Organisations install templates as their own published definitions.
 */
export interface LibraryEntry {
  /** Path under templates/, e.g. `automotive/car-after-sales.yaml`. */
  readonly file: string;
  readonly source: string;
  readonly definition: ProcessDefinition;
}

export type SopLibrary = readonly LibraryEntry[];
