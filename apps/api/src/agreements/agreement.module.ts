import { Module } from '@nestjs/common';
import {
  AgreementComponentResolver,
  AgreementPartyResolver,
  AgreementResolver,
} from './agreement.resolver';
import { AgreementService } from './agreement.service';

@Module({
  providers: [
    AgreementService,
    AgreementResolver,
    AgreementPartyResolver,
    AgreementComponentResolver,
  ],
  exports: [AgreementService],
})
export class AgreementModule {}
