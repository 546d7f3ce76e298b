import { describe, expect, it } from 'vitest';
import { formatMinor, minorToNumber, netFromGross, roundHalfUp, sumMinor, toMinor, type Minor } from '../../src/domain/money.js';

const m = (value: number): Minor => value as Minor;

describe('toMinor', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.01', 1],
    ['-0.01', -1],
    ['12.345', 1235], // half-up
    ['12.344', 1234],
    ['-12.345', -1235], // away from zero
    ['0.005', 1],
    ['-0.004', 0],
    [' 7.10 ', 710],
    [22, 2200],
    [0.1 + 0.2, 30], // a float sum from an API still lands on the right øre
    [1e-7, 0],
  ] as const)('%j → %i', (input, expected) => {
    expect(toMinor(input)).toBe(expected);
  });

  it.each(['', 'abc', '1,5', '1.2.3', 'NaN'])('refuses %j', (input) => {
    expect(() => toMinor(input)).toThrow(/not a decimal amount/);
  });

  it('refuses infinite numbers', () => {
    expect(() => toMinor(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});

describe('formatMinor and minorToNumber', () => {
  it.each([
    [1250, '12.50', 12.5],
    [1, '0.01', 0.01],
    [-1, '-0.01', -0.01],
    [-1250, '-12.50', -12.5],
    [0, '0.00', 0],
  ] as const)('%i → %s', (input, text, number) => {
    expect(formatMinor(m(input))).toBe(text);
    expect(minorToNumber(m(input))).toBe(number);
  });
});

describe('netFromGross', () => {
  it.each([
    [19_900, 25, 15_920],
    [9_995, 25, 7_996],
    [100, 25, 80],
    [1, 25, 1], // 0.8 øre rounds half-up to 1
    [12_550, 25.5, 10_000], // Finland 25.5 %
    [-19_900, 25, -15_920],
    [5_000, 0, 5_000],
  ] as const)('%i at %d %% → %i', (gross, rate, net) => {
    expect(netFromGross(m(gross), rate)).toBe(net);
  });

  it('refuses a negative rate', () => {
    expect(() => netFromGross(m(100), -1)).toThrow(RangeError);
  });
});

describe('sumMinor and roundHalfUp', () => {
  it('adds integers exactly', () => {
    expect(sumMinor([m(10), m(20), m(-5)])).toBe(25);
  });

  it.each([
    [2.5, 3],
    [-2.5, -3],
    [2.4999, 2],
    [-0.4, 0],
  ] as const)('%d → %i', (input, expected) => {
    expect(roundHalfUp(input)).toBe(expected);
  });
});
