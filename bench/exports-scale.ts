import { sql, type Kysely } from 'kysely';

/**
 * Makes a demo study `copies` times larger for the export benchmark, fast: every participant with their
 * screening, visits, form records, item data, tubes, aliquots and laboratory results copied by SQL with shifted
 * ids (study ids and barcodes get `-<copy>`), instead of generating thousands of patients one by one (the demo
 * generator makes ~8 patients a second). The copies are exact duplicates in content: enough to measure the
 * export's time and memory per row, not a realistic cohort. Box positions are left empty (they are unique).
 */

type Shift = Record<string, string>;

const tables: { name: string; shift: (k: number, off: Record<string, number>) => Shift }[] = [
  {
    name: 'screenings',
    shift: (_k, off) => ({ id: `id + ${off.screenings}`, previous_screening_id: 'null', hospital_number_hash: 'null' }),
  },
  {
    name: 'participants',
    shift: (k, off) => ({
      id: `id + ${off.participants}`,
      screening_id: `screening_id + ${off.screenings}`,
      study_id: `study_id || '-${k}'`,
    }),
  },
  {
    name: 'visit_records',
    shift: (_k, off) => ({ id: `id + ${off.visit_records}`, participant_id: `participant_id + ${off.participants}` }),
  },
  {
    name: 'form_records',
    shift: (_k, off) => ({ id: `id + ${off.form_records}`, participant_id: `participant_id + ${off.participants}` }),
  },
  {
    name: 'item_data',
    shift: (_k, off) => ({
      id: `id + ${off.item_data}`,
      participant_id: `participant_id + ${off.participants}`,
      record_id: `record_id + ${off.form_records}`,
    }),
  },
  {
    name: 'tubes',
    shift: (k, off) => ({
      id: `id + ${off.tubes}`,
      participant_id: `participant_id + ${off.participants}`,
      barcode: `barcode || '-${k}'`,
    }),
  },
  {
    name: 'aliquots',
    shift: (k, off) => ({
      id: `id + ${off.aliquots}`,
      participant_id: `participant_id + ${off.participants}`,
      tube_id: `tube_id + ${off.tubes}`,
      barcode: `barcode || '-${k}'`,
      box_id: 'null',
      box_row: 'null',
      box_column: 'null',
    }),
  },
  {
    name: 'lab_results',
    shift: (k, off) => ({
      id: `id + ${off.lab_results}`,
      participant_id: `participant_id + ${off.participants}`,
      tube_id: `tube_id + ${off.tubes}`,
      aliquot_id: `aliquot_id + ${off.aliquots}`,
      sample_barcode: `sample_barcode || '-${k}'`,
    }),
  },
];

async function columnsOf(db: Kysely<unknown>, table: string, postgres: boolean): Promise<string[]> {
  if (postgres) {
    const rows = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_name = ${table} and table_schema = current_schema() order by ordinal_position`.execute(db);
    return rows.rows.map((r) => r.column_name);
  }
  const rows = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.rows.map((r) => r.name);
}

export async function scaleUp(db: Kysely<unknown>, copies: number, postgres: boolean): Promise<void> {
  const max: Record<string, number> = {};
  const columns: Record<string, string[]> = {};
  for (const { name } of tables) {
    const row = await sql<{ m: number | string | null }>`select max(id) as m from ${sql.table(name)}`.execute(db);
    max[name] = Number(row.rows[0]?.m ?? 0);
    columns[name] = await columnsOf(db, name, postgres);
  }
  for (let k = 1; k < copies; k++) {
    const off = Object.fromEntries(Object.entries(max).map(([name, m]) => [name, k * m]));
    for (const { name, shift } of tables) {
      const shifted = shift(k, off);
      const cols = columns[name]!;
      const list = cols.map((c) => `"${c}"`).join(', ');
      const values = cols.map((c) => shifted[c] ?? `"${c}"`).join(', ');
      const overriding = postgres ? ' overriding system value' : '';
      await sql
        .raw(`insert into ${name} (${list})${overriding} select ${values} from ${name} where id <= ${max[name]}`)
        .execute(db);
    }
  }
  // Fresh planner statistics: without them PostgreSQL plans for the small demo and scans whole tables.
  for (const { name } of tables) await sql.raw(`analyze ${name}`).execute(db);
}
