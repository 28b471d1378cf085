import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { workerPresencePrefix } from '@codev/temporal';

/**
 * How many worker processes of a task queue are alive right now, as PostgreSQL sees them: each
 * running worker holds a session named `codev-worker:<task queue>:<pid>`
 * (apps/worker/src/health/worker-presence.ts says why), and a process that dies — even by
 * SIGKILL — leaves pg_stat_activity as soon as the kernel closes its socket. One query, asked
 * only when /health is; application_name is visible to every role, not only to superusers.
 */
@Injectable()
export class WorkerPresenceCheck {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(namespace: string, taskQueue: string): Promise<number> {
    const prefix = workerPresencePrefix(namespace, taskQueue);
    // left() rather than LIKE: a task queue may hold % or _.
    const rows: { processes: number }[] = await this.db.query(
      `SELECT count(*)::int AS processes FROM pg_stat_activity
        WHERE datname = current_database() AND left(application_name, length($1)) = $1`,
      [prefix],
    );
    return rows[0]?.processes ?? 0;
  }
}
