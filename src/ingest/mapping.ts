import type { Config } from '../config.js';
import { consultationFields, headerKey, type FieldSpec } from '../model/fields.js';

export interface MappedField {
  field: string;
  label: string;
  /** 1-based column positions, in file order. */
  positions: number[];
  /** The headers as they stand in the file. */
  headers: string[];
  /** The header came from the mapping file rather than the built-in synonyms. */
  fromConfig: boolean;
}

export interface ColumnMapping {
  headers: string[];
  fields: MappedField[];
  /** Canonical fields with no column in this file. */
  missing: FieldSpec[];
  /** Columns no field took: kept in the raw table all the same. */
  unused: { position: number; header: string }[];
}

/**
 * Assigns header positions to canonical fields. A field takes the first column whose header matches one of its
 * names («Источник#2» names the second column so titled); a column feeds one field at most. Names from the
 * mapping file replace the built-in synonyms for their field.
 */
export function mapColumns(
  headers: string[],
  config: Pick<Config, 'columns'>,
  specs: readonly FieldSpec[] = consultationFields,
): ColumnMapping {
  const keys = headers.map(headerKey);
  const taken = new Set<number>();
  const fields: MappedField[] = [];
  const missing: FieldSpec[] = [];

  for (const spec of specs) {
    const override = config.columns[spec.field];
    const names = override ?? spec.synonyms;
    const positions: number[] = [];
    for (const name of names) {
      const { key, occurrence } = parseName(name);
      let seen = 0;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== key || !key) continue;
        seen++;
        if (occurrence !== undefined && seen !== occurrence) continue;
        if (taken.has(i)) continue;
        positions.push(i);
        taken.add(i);
        if (!spec.multi) break;
      }
      if (positions.length > 0 && !spec.multi) break;
    }
    positions.sort((a, b) => a - b);
    if (positions.length === 0) missing.push(spec);
    else {
      fields.push({
        field: spec.field,
        label: spec.label,
        positions: positions.map((i) => i + 1),
        headers: positions.map((i) => headers[i]!),
        fromConfig: override !== undefined,
      });
    }
  }
  const unused = headers
    .map((header, i) => ({ position: i + 1, header }))
    .filter((c) => !taken.has(c.position - 1));
  return { headers, fields, missing, unused };
}

function parseName(name: string): { key: string; occurrence?: number } {
  const m = /^(.*)#(\d+)$/.exec(name.trim());
  return m ? { key: headerKey(m[1]!), occurrence: Number(m[2]) } : { key: headerKey(name) };
}
