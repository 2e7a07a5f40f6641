import fs from 'node:fs';

export default async function teardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__CCHC_INFRA__ as
    { stop: (() => Promise<void>)[]; dir: string } | undefined;
  if (!infra) return;
  for (const stop of infra.stop.reverse())
    await stop().catch((err: unknown) => console.error('teardown:', err));
  fs.rmSync(infra.dir, { recursive: true, force: true });
}
