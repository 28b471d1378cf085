import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PrincipalGuard } from './principal.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  providers: [TokenVerifier, { provide: APP_GUARD, useClass: PrincipalGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
