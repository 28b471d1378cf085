import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { temporal } from '@temporalio/proto';
import { TemporalClientProvider } from '@codev/temporal';

const RPC_TIMEOUT_MS = 3_000;

/** Temporal's own health: the frontend answers, and a worker polls our task queue. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly temporal: TemporalClientProvider,
    private readonly health: HealthIndicatorService,
  ) {}

  async server() {
    const check = this.health.check('temporal');
    try {
      const { connection } = this.temporal;
      await connection.withDeadline(Date.now() + RPC_TIMEOUT_MS, () =>
        connection.workflowService.getSystemInfo({}),
      );
      return check.up({ namespace: this.temporal.namespace });
    } catch (e) {
      return check.down({ message: e instanceof Error ? e.message : 'unreachable' });
    }
  }

  async worker() {
    const check = this.health.check('worker');
    try {
      const { connection } = this.temporal;
      const response = await connection.withDeadline(Date.now() + RPC_TIMEOUT_MS, () =>
        connection.workflowService.describeTaskQueue({
          namespace: this.temporal.namespace,
          taskQueue: {
            name: this.temporal.taskQueue,
            kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
          },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      const pollers = response.pollers?.length ?? 0;
      return pollers > 0
        ? check.up({ taskQueue: this.temporal.taskQueue, pollers })
        : check.down({
            taskQueue: this.temporal.taskQueue,
            message: 'no worker is polling the task queue',
          });
    } catch (e) {
      return check.down({ message: e instanceof Error ? e.message : 'unreachable' });
    }
  }
}
