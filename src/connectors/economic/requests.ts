import { isSyncHttpError } from '../http/errors.js';
import type { HttpClient } from '../http/types.js';
import type { CreateOptions } from './types.js';

/** A single resource, or undefined when e-conomic answers 404 (E06000). */
export async function getOrUndefined<T>(http: HttpClient, path: string): Promise<T | undefined> {
  try {
    return (await http.request<T>({ method: 'GET', path })).data;
  } catch (error) {
    if (isSyncHttpError(error) && error.kind === 'not-found') return undefined;
    throw error;
  }
}

/**
 * `POST` to a collection; e-conomic answers 201 with the whole entity. The `Idempotency-Key` covers
 * network retries for an hour (e-conomic TechTalk, "Idempotency tokens in e-conomic APIs"); lookups
 * by reference are the guarantee.
 */
export async function createResource<T>(http: HttpClient, path: string, body: unknown, options: CreateOptions): Promise<T> {
  const headers: Record<string, string> = options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {};
  return (await http.request<T>({ method: 'POST', path, body, headers })).data;
}

/** Drops undefined properties: e-conomic refuses explicit null, and an absent field is the way to say "none". */
export function compact<T extends Record<string, unknown>>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as T;
}
