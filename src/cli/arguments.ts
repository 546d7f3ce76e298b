import { InvalidArgumentError } from 'commander';

/** Turns a parser that throws into a commander option parser: its message becomes a usage error (exit 2). */
export function argument<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}
