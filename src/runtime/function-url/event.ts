/**
 * @module
 * The Function URL request (payload format 2.0), declared structurally so that lambda-kernel's types need no
 * `@types/aws-lambda` at install time. test/runtime/function-url/types.test.ts keeps it assignable both ways
 * to `LambdaFunctionURLEvent` and `APIGatewayProxyStructuredResultV2`.
 */

/** The request context of a Function URL (or HTTP API v2) event. */
export interface FunctionUrlRequestContext {
  accountId: string;
  apiId: string;
  authentication?: {
    clientCert: {
      clientCertPem: string;
      serialNumber: string;
      subjectDN: string;
      issuerDN: string;
      validity: { notAfter: string; notBefore: string };
    };
  };
  domainName: string;
  domainPrefix: string;
  http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
  requestId: string;
  routeKey: string;
  stage: string;
  /** `12/Mar/2020:19:03:58 +0000`. */
  time: string;
  timeEpoch: number;
}

/** A Function URL request: `LambdaFunctionURLEvent` / `APIGatewayProxyEventV2` of `@types/aws-lambda`. */
export interface FunctionUrlEvent {
  version: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  /** The `Cookie` header, split; Function URLs move it out of `headers`. */
  cookies?: string[];
  /** Lower-cased names; repeated headers joined with commas. */
  headers: { [name: string]: string | undefined };
  queryStringParameters?: { [name: string]: string | undefined };
  requestContext: FunctionUrlRequestContext;
  /** Base64 when `isBase64Encoded`. */
  body?: string;
  pathParameters?: { [name: string]: string | undefined };
  isBase64Encoded: boolean;
  stageVariables?: { [name: string]: string | undefined };
}

/** A buffered Function URL response (`APIGatewayProxyStructuredResultV2`). */
export interface FunctionUrlResult {
  statusCode?: number;
  headers?: { [name: string]: boolean | number | string };
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

/** The request body as bytes, decoded from base64 when the event says so; empty when there is none. */
export function requestBody(event: Pick<FunctionUrlEvent, 'body' | 'isBase64Encoded'>): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}
