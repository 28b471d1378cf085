import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@codev/auth';
import {
  castVoteUpdate,
  certifyHandoverUpdate,
  decideReviewUpdate,
  fileReportUpdate,
  raiseFindingUpdate,
  resolveFindingUpdate,
  setTimelineUpdate,
  submitDocumentUpdate,
} from '@codev/workflows';
import {
  CastVoteInput,
  CertifyHandoverInput,
  DecideReviewInput,
  FileReportInput,
  RaiseFindingInput,
  ResolveFindingInput,
  SetDisbursementTimelineInput,
  SubmitStageDocumentInput,
} from './application-step.input';
import { ApplicationStepsService } from './application-steps.service';
import { StepResult } from './application.model';

/** The human steps of a procedure; each is accepted or refused by the application's workflow. */
@Resolver()
@Authenticated()
export class ApplicationStepsResolver {
  constructor(private readonly steps: ApplicationStepsService) {}

  @Mutation(() => StepResult, {
    description: "A committee member's vote, with its reason (RECUSED for a conflict of interest)",
  })
  castCommitteeVote(@Args('input') input: CastVoteInput, @CurrentPrincipal() p: Principal) {
    return this.steps.send(castVoteUpdate, input, p);
  }

  @Mutation(() => StepResult, {
    description: "The committee chair sets each funder's tranche dates",
  })
  setDisbursementTimeline(
    @Args('input') input: SetDisbursementTimelineInput,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.steps.send(setTimelineUpdate, input, p);
  }

  @Mutation(() => StepResult, {
    description: 'A document asked for at a stage, such as the technical file',
  })
  submitStageDocument(
    @Args('input') input: SubmitStageDocumentInput,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.steps.send(submitDocumentUpdate, input, p);
  }

  @Mutation(() => StepResult, { description: "The reviewing body's decision, with its reason" })
  decideReview(@Args('input') input: DecideReviewInput, @CurrentPrincipal() p: Principal) {
    return this.steps.send(decideReviewUpdate, input, p);
  }

  @Mutation(() => StepResult, { description: "The supervising committee's monitoring report" })
  fileMonitoringReport(@Args('input') input: FileReportInput, @CurrentPrincipal() p: Principal) {
    return this.steps.send(fileReportUpdate, input, p);
  }

  @Mutation(() => StepResult, {
    description: 'A finding that holds back the next tranche until resolved',
  })
  raiseFinding(@Args('input') input: RaiseFindingInput, @CurrentPrincipal() p: Principal) {
    return this.steps.send(raiseFindingUpdate, input, p);
  }

  @Mutation(() => StepResult)
  resolveFinding(@Args('input') input: ResolveFindingInput, @CurrentPrincipal() p: Principal) {
    return this.steps.send(resolveFindingUpdate, input, p);
  }

  @Mutation(() => StepResult, {
    description: 'The handover to the community: issues the certificate and the plaque text',
  })
  certifyHandover(@Args('input') input: CertifyHandoverInput, @CurrentPrincipal() p: Principal) {
    return this.steps.send(certifyHandoverUpdate, input, p);
  }
}
