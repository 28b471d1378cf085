import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum NotificationChannel {
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
}
registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description:
    'WEBHOOK: a signed POST to a URL (Codev-Signature: v1=HMAC-SHA256 of "<Codev-Timestamp>.<body>"); EMAIL: a message through the platform’s SMTP server',
});

export enum NotificationLanguage {
  es = 'es',
  fr = 'fr',
  en = 'en',
}
registerEnumType(NotificationLanguage, { name: 'NotificationLanguage' });

@ObjectType({
  description:
    'What an organisation asked to hear about: events of the applications it takes part in, per programme, call or application, by kind',
})
export class NotificationSubscription {
  @Field(() => ID) id!: string;
  @Field(() => ID) organisationId!: string;
  @Field(() => NotificationChannel) channel!: NotificationChannel;
  @Field({ description: 'The webhook URL or the e-mail address' }) target!: string;
  @Field(() => NotificationLanguage) language!: NotificationLanguage;
  @Field(() => String, { nullable: true }) programmeKey!: string | null;
  @Field(() => ID, { nullable: true }) applicationId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The call whose applications it hears of' })
  callId!: string | null;
  @Field(() => [String], { description: 'Event kinds heard; empty: all' }) kinds!: string[];
  @Field(() => String, {
    nullable: true,
    description:
      'The webhook signing secret; answered to the subscribing organisation’s administrators only',
  })
  secret!: string | null;
  @Field() createdAt!: Date;
}

@ObjectType({ description: 'A notification that could not be delivered, or one on its way' })
export class Notification {
  @Field(() => ID) id!: string;
  @Field(() => ID) subscriptionId!: string;
  @Field() kind!: string;
  @Field(() => ID, { nullable: true }) applicationId!: string | null;
  @Field() status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field() createdAt!: Date;
}
