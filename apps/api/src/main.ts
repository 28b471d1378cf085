import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ApiConfig } from '@codev/config';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get(ApiConfig);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`GraphQL API listening on http://${config.HOST}:${config.PORT}/graphql`);
}

bootstrap().catch((e: unknown) => {
  // Config errors name the variable; print them plainly, without a stack trace.
  process.stderr.write(`API failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
