import type { Challenge, Criterion, Eligibility, Indicator } from '@/types/api';

// Challenge.criteria/indicators/eligibility are untyped dicts in the workflow spec; these read
// them as the shapes ChallengeCreate accepts.
export const criteriaOf = (c: Pick<Challenge, 'criteria'>): Criterion[] => c.criteria as unknown as Criterion[];
export const indicatorsOf = (c: Pick<Challenge, 'indicators'>): Indicator[] => c.indicators as unknown as Indicator[];
export const eligibilityOf = (c: Pick<Challenge, 'eligibility'>): Eligibility => c.eligibility as Eligibility;
