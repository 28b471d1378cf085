import { Injectable } from '@nestjs/common';
import { SEARCH_ATTRIBUTES } from '@codev/engine';
import { TemporalClientProvider } from './temporal-client.provider';

/**
 * Whether the namespace indexes every search attribute the engine sets: the dev server
 * registers them at start; an external cluster may not, and setting an unknown one would fail
 * the workflow, so the engine then sets none. Asked once, again after a failed ask.
 */
@Injectable()
export class SearchAttributeSupport {
  private known: Promise<boolean> | undefined;

  constructor(private readonly temporal: TemporalClientProvider) {}

  supported(): Promise<boolean> {
    this.known ??= this.temporal.connection.operatorService
      .listSearchAttributes({ namespace: this.temporal.namespace })
      .then(
        (r) => Object.values(SEARCH_ATTRIBUTES).every((k) => k.name in (r.customAttributes ?? {})),
        () => {
          this.known = undefined;
          return false;
        },
      );
    return this.known;
  }
}
