import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, validateConfig } from './app-config';

/**
 * Provides the validated config of one process (AppConfig, or a subclass such as ApiConfig,
 * which is then also injectable as AppConfig). Boot fails here, naming the variable.
 */
@Module({})
export class AppConfigModule {
  static forRoot<T extends AppConfig>(cls: new () => T = AppConfig as new () => T): DynamicModule {
    const aliases =
      (cls as unknown) === AppConfig ? [] : [{ provide: AppConfig, useExisting: cls }];
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: cls, useFactory: () => validateConfig(cls, process.env) }, ...aliases],
      exports: [cls, AppConfig],
    };
  }
}
