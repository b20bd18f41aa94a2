/**
 * @module
 * Typical events for `lambda-kernel invoke --example NAME`, as AWS sends them. Each JSON file is checked against
 * its `@types/aws-lambda` type at compile time (`satisfies`); the JSON's strings widen literal unions, hence {@link AsJson}.
 */
import type {
  APIGatewayProxyEventV2,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  FirehoseTransformationEvent,
  LambdaFunctionURLEvent,
  S3Event,
  SNSEvent,
  SQSEvent,
} from 'aws-lambda';
import apigwHttp from './apigw-http.json' with { type: 'json' };
import dynamodb from './dynamodb.json' with { type: 'json' };
import eventbridge from './eventbridge.json' with { type: 'json' };
import firehose from './firehose.json' with { type: 'json' };
import s3 from './s3.json' with { type: 'json' };
import sns from './sns.json' with { type: 'json' };
import sqs from './sqs.json' with { type: 'json' };
import url from './url.json' with { type: 'json' };

/** `T` as TypeScript types a JSON file: string literal unions become `string`. */
type AsJson<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? AsJson<U>[]
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

type OrderPlaced = EventBridgeEvent<'OrderPlaced', { orderId: string; customerId: string; total: number }>;

/** Example events by name. */
export const EXAMPLE_EVENTS = {
  url: url satisfies AsJson<LambdaFunctionURLEvent>,
  'apigw-http': apigwHttp satisfies AsJson<APIGatewayProxyEventV2>,
  sqs: sqs satisfies AsJson<SQSEvent>,
  sns: sns satisfies AsJson<SNSEvent>,
  s3: s3 satisfies AsJson<S3Event>,
  dynamodb: dynamodb satisfies AsJson<DynamoDBStreamEvent>,
  eventbridge: eventbridge satisfies AsJson<OrderPlaced>,
  firehose: firehose satisfies AsJson<FirehoseTransformationEvent>,
} as const;

/** One of the names in {@link EXAMPLE_EVENTS}. */
export type ExampleEventName = keyof typeof EXAMPLE_EVENTS;

/** The example event called `name`, or undefined. */
export function exampleEvent(name: string): object | undefined {
  return Object.hasOwn(EXAMPLE_EVENTS, name) ? EXAMPLE_EVENTS[name as ExampleEventName] : undefined;
}
