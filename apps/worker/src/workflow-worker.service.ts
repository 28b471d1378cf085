import { Injectable, Logger } from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { AppConfig } from '@codev/config';
import { findProjectRoot, temporalConnectionOptions, workflowBundleOptions } from '@codev/temporal';
import { createActivities } from './activities';
import { WorkPlanDecisionActivities } from './work-plans/work-plan.activities';
import { CallPhaseActivities } from './rounds/call-phase.activities';
import { RoundAllocationActivities } from './rounds/round-allocation.activities';
import { TransitionActivities } from './transitions/transition.activities';

export const PROJECT_ROOT = findProjectRoot(__dirname);

/**
 * The worker's capacity, from the configuration (defaults measured by bench/, see
 * docs/performance.md). The bench's bare Temporal worker runs with the same values.
 */
export function workerCapacity(
  config: Pick<
    AppConfig,
    | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
    | 'WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES'
    | 'WORKER_MAX_CACHED_WORKFLOWS'
  >,
): Pick<
  WorkerOptions,
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
  | 'maxCachedWorkflows'
> {
  return {
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  };
}

/** The Temporal worker: runs until a shutdown signal, then drains in-flight tasks. */
@Injectable()
export class WorkflowWorker {
  private readonly logger = new Logger(WorkflowWorker.name);

  constructor(
    private readonly config: AppConfig,
    private readonly transitions: TransitionActivities,
    private readonly phases: CallPhaseActivities,
    private readonly allocation: RoundAllocationActivities,
    private readonly workPlans: WorkPlanDecisionActivities,
  ) {}

  async create(): Promise<{ worker: Worker; connection: NativeConnection }> {
    const connection = await NativeConnection.connect(temporalConnectionOptions(this.config));
    try {
      const worker = await Worker.create({
        connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowBundle: await this.bundle(),
        activities: createActivities(
          this.transitions,
          this.phases,
          this.allocation,
          this.workPlans,
        ),
        ...workerCapacity(this.config),
      });
      return { worker, connection };
    } catch (e) {
      await connection.close();
      throw e;
    }
  }

  async run(): Promise<void> {
    const { worker, connection } = await this.create();
    const capacity = workerCapacity(this.config);
    this.logger.log(
      `Polling task queue "${this.config.TEMPORAL_TASK_QUEUE}" at ${this.config.TEMPORAL_ADDRESS} ` +
        `(${capacity.maxConcurrentWorkflowTaskExecutions} workflow tasks, ` +
        `${capacity.maxConcurrentLocalActivityExecutions} local activities at once; ` +
        `${capacity.maxCachedWorkflows} workflows cached; ` +
        // Each cached workflow holds about 0.2 MB of the heap (docs/production.md, Memory).
        `heap limit ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MiB)`,
    );
    try {
      await worker.run();
    } finally {
      await connection.close();
    }
  }

  /** Production runs the pre-built bundle; without one (development) the sources are bundled now. */
  private async bundle(): Promise<{ codePath: string } | { code: string }> {
    if (this.config.WORKFLOW_BUNDLE_PATH) return { codePath: this.config.WORKFLOW_BUNDLE_PATH };
    this.logger.warn('WORKFLOW_BUNDLE_PATH is unset: bundling workflows from source');
    const log = (message: string) => this.logger.debug(message);
    return bundleWorkflowCode({
      ...workflowBundleOptions(PROJECT_ROOT),
      logger: {
        trace: log,
        debug: log,
        info: log,
        log,
        warn: (m) => this.logger.warn(m),
        error: (m) => this.logger.error(m),
      },
    });
  }
}
