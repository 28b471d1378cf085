import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MUTATION_PERMISSIONS, type MutationPermissions } from './permissions';
import { PrincipalGuard } from './principal.guard';
import { TokenVerifier } from './token-verifier';

@Module({})
export class AuthModule {
  /** Token verification on every request, and the API's table of mutation permissions. */
  static forRoot(permissions: MutationPermissions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        TokenVerifier,
        { provide: MUTATION_PERMISSIONS, useValue: permissions },
        { provide: APP_GUARD, useClass: PrincipalGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
