import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[2]);
const c = await db.connect();
const t = async (label, sql) => { const t0 = performance.now(); await c.run(sql); console.log(label, ((performance.now()-t0)/1000).toFixed(2)); };
await c.run(`SET memory_limit='700MB'`);
await t('temp copy', 'create temp table p as select * from deal_versions');
const r = await c.runAndReadAll(`select column_name, data_type from information_schema.columns where table_name='deal_versions'`); console.log(r.getRows().map(x=>x.join(':')).join(' '));
for (const dis of ['', 'dict_fsst', '', 'dict_fsst', '', 'dict_fsst']) {
  try { await c.run(`SET disabled_compression_methods='${dis}'`); } catch (e) { console.log('bad', dis, e.message); continue; }
  await c.run('create or replace table dv2 as select * from deal_versions limit 0');
  await c.run('checkpoint');
  await t(`insert dis=${dis}`, 'insert into dv2 select * from p');
  await c.run('checkpoint');
  const s = await c.runAndReadAll(`select sum(block_id is not null)::int, count(*)::int from pragma_storage_info('dv2')`); 
  const sz = await c.runAndReadAll(`select total_blocks, used_blocks, free_blocks from pragma_database_size()`); console.log(sz.getRows()[0].join(' '));
}
