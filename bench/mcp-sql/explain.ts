import pg from 'pg';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a template's statement as the server runs it: in a READ ONLY transaction
 * with the tenant set (`set_config('app.current_tenant_id', $1, true)`), as ds_analytics (migration 0003)
 * or ds_runtime, so that RLS and its leakproof rules shape the plan (design rule 8). Rolled back.
 */
export async function explainAsServer(
  url: string,
  tenantId: string,
  statement: string,
  parameters: readonly unknown[],
): Promise<{ role: string; plan: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ analytics: boolean }>(
      "select exists (select 1 from pg_roles where rolname = 'ds_analytics') as analytics",
    );
    const role = rows[0]?.analytics === true ? 'ds_analytics' : 'ds_runtime';
    await client.query('begin read only');
    try {
      await client.query("select set_config('app.current_tenant_id', $1, true)", [tenantId]);
      await client.query(`set local role ${role}`);
      const result = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${statement}`, [
        ...parameters,
      ]);
      return { role, plan: result.rows.map((r) => r['QUERY PLAN']) };
    } finally {
      await client.query('rollback');
    }
  } finally {
    await client.end();
  }
}
