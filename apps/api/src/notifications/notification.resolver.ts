import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { Notification, NotificationSubscription } from './notification.model';
import { NotificationService } from './notification.service';
import { SubscribeToNotificationsInput } from './subscribe-notifications.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function checkId(path: string, id: string, shape = UUID) {
  if (!shape.test(id)) throw CodevError.badInput([{ path, message: 'must be an id' }]);
}

@Resolver(() => NotificationSubscription)
export class NotificationResolver {
  constructor(private readonly notifications: NotificationService) {}

  @Mutation(() => NotificationSubscription, {
    description:
      'An organisation’s administrator (org-admin) subscribes it to events of the applications it takes part in: by signed webhook or e-mail, in a language, per programme or application, by kind. Asked again, answers the same subscription',
  })
  subscribeToNotifications(
    @Args('input') input: SubscribeToNotificationsInput,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.notifications.subscribe(caller, input);
  }

  @Mutation(() => Boolean, {
    description: 'Stops a subscription of the caller’s organisation (org-admin)',
  })
  cancelNotificationSubscription(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() caller: Principal,
  ) {
    checkId('id', id);
    return this.notifications.cancel(caller, id);
  }

  @Mutation(() => Boolean, {
    description:
      'Sends a dead letter again (org-admin of its organisation, or a platform administrator)',
  })
  redeliverNotification(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() caller: Principal,
  ) {
    checkId('id', id, /^\d{1,18}$/);
    return this.notifications.redeliver(caller, id);
  }

  @Query(() => [NotificationSubscription], {
    description: 'The caller organisation’s subscriptions (org-admin)',
  })
  notificationSubscriptions(@CurrentPrincipal() caller: Principal) {
    return this.notifications.list(caller);
  }

  @Query(() => [Notification], {
    description:
      'Notifications that could not be delivered after every retry, newest first: the caller organisation’s (org-admin), or all (platform administrator)',
  })
  deadLetterNotifications(
    @CurrentPrincipal() caller: Principal,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ) {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw CodevError.badInput([{ path: 'first', message: 'must be from 1 to 500' }]);
    return this.notifications.deadLetters(caller, first);
  }
}
