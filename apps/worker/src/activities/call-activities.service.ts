import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CallActivities, CallStatus } from '@codev/workflows';

@Injectable()
export class CallActivitiesService implements CallActivities {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Moves a call forward (never back). The UPDATE takes the call's row lock, which waits for
   * every submission holding it in share mode: once CLOSED is written, no submission is in
   * flight and the count below is final.
   */
  async setCallStatus(input: {
    callId: string;
    status: CallStatus;
  }): Promise<{ applications: number }> {
    return this.db.transaction(async (em) => {
      const from = input.status === 'OPEN' ? ['SCHEDULED'] : ['SCHEDULED', 'OPEN'];
      await em.query(`UPDATE call SET status = $2 WHERE id = $1 AND status = ANY($3::text[])`, [
        input.callId,
        input.status,
        from,
      ]);
      const [{ n }] = (await em.query(
        `SELECT count(*)::int AS n FROM call_application WHERE call_id = $1`,
        [input.callId],
      )) as { n: number }[];
      return { applications: n };
    });
  }
}
