import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { roundSignal, type RoundMessage } from '@codev/engine';
import { TemporalClientProvider } from '@codev/temporal';

/** How many signals are in flight at once when a call tells its applications of a phase. */
const CONCURRENCY = 32;

/**
 * Tells each application of a round what the round decided. A message may be sent twice (the
 * activity is retried after a partial broadcast): applications ignore what they know already.
 * An application that has ended (withdrawn, set aside) has nothing to hear.
 */
@Injectable()
export class RoundBroadcaster {
  constructor(private readonly temporal: TemporalClientProvider) {}

  async send(messages: { workflowId: string; message: RoundMessage }[]): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const { workflowId, message } = messages[next++];
        await this.temporal.client.workflow
          .getHandle(workflowId)
          .signal(roundSignal, message)
          .catch((e: unknown) => {
            if (e instanceof WorkflowNotFoundError) return;
            throw e;
          });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, messages.length) }, lane));
  }
}
