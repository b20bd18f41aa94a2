// fail: throws, to show how an error reaches the caller (errorType, errorMessage, stackTrace).
import { run } from 'lambda-kernel/runtime';

/** The error type the caller sees is the error's `name`. */
class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
}

run((event: { orderId?: string }) => {
  throw new OrderNotFoundError(`Order ${event.orderId ?? '(none)'} does not exist`);
});
