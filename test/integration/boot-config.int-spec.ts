import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/api/src/app.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** A wrong or missing variable stops boot with a message naming it. */
describe('boot with bad configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('the API names each missing or malformed variable', async () => {
    process.env = {
      ...saved,
      DATABASE_URL: 'mysql://nope',
      TEMPORAL_ADDRESS: 'localhost',
      JWT_SECRET: '',
    };
    const boot = NestFactory.create(AppModule, { logger: false, abortOnError: false });
    const message = await boot.then(
      () => 'booted',
      (e: Error) => e.message,
    );
    expect(message).toContain('DATABASE_URL must be a postgres:// URL');
    expect(message).toContain('TEMPORAL_ADDRESS must be host:port');
    expect(message).toContain('JWT_SECRET must be at least 32 characters');
  });

  it('the worker names a missing DATABASE_URL', async () => {
    const { DATABASE_URL: _unused, ...rest } = saved;
    process.env = { ...rest, TEMPORAL_ADDRESS: 'localhost:7233' };
    await expect(
      NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false }),
    ).rejects.toThrow(/DATABASE_URL/);
  });
});
