// url: a small web app behind a Function URL — home page, /hello?name=, a cookie, a binary download, a handled crash page, 404.
import { type FunctionUrlEvent, Handler, httpResponse, type HttpResponse, inject, Kernel, Logger } from 'lambda-kernel';

const HOME = `<!doctype html>
<title>lambda-kernel</title>
<h1>Hello from Lambda</h1>
<ul>
  <li><a href="/hello?name=Ada">/hello?name=Ada</a></li>
  <li><a href="/visits">/visits</a> (counts your visits in a cookie)</li>
  <li><a href="/download">/download</a> (a binary file)</li>
  <li><a href="/crash">/crash</a> (a handled error)</li>
</ul>
`;

/** The bytes 0 to 255: a download that only survives the trip if it is base64-encoded. */
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

@Handler()
class WebApp {
  constructor(@inject(Logger) private readonly logger: Logger) {}

  handle(event: FunctionUrlEvent): HttpResponse {
    switch (event.rawPath) {
      case '/':
        return httpResponse.html(HOME);
      case '/hello':
        return httpResponse.text(`Hello, ${event.queryStringParameters?.['name'] ?? 'world'}!`);
      case '/visits': {
        const previous = event.cookies?.find((c) => c.startsWith('visits='))?.slice('visits='.length);
        const visits = (Number(previous) || 0) + 1;
        return httpResponse.text(`Visit number ${visits}.`, { cookies: [`visits=${visits}; Path=/; HttpOnly`] });
      }
      case '/download':
        return httpResponse.binary(BYTES, { headers: { 'content-disposition': 'attachment; filename="bytes.bin"' } });
      case '/crash':
        try {
          return JSON.parse('{ not json') as never;
        } catch (err) {
          // Handled: the visitor gets a page, the logs get the details, Lambda records a success.
          this.logger.error('The crash page was requested:', err);
          return httpResponse.html('<h1>Something went wrong</h1>\n<p>The error was logged.</p>\n', { statusCode: 500 });
        }
      default:
        return httpResponse.html(`<h1>Not found</h1>\n<p>Nothing at ${escapeHtml(event.rawPath)}.</p>\n`, { statusCode: 404 });
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

Kernel.create({ handler: WebApp }).run();
