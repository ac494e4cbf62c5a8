/** NAB's three application profiles (config/profiles.json of NAB v1.1; `tnWeight` is never used). */

export interface Profile {
  name: ProfileName;
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

/** The profiles in NAB's reporting order. */
export const profiles: readonly Profile[] = [
  { name: 'standard', tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.11 },
  { name: 'reward_low_FP_rate', tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.22 },
  { name: 'reward_low_FN_rate', tpWeight: 1.0, fnWeight: 2.0, fpWeight: 0.11 },
];

/** Short labels for tables and the closing line. */
export const profileLabel: Record<ProfileName, string> = {
  standard: 'standard',
  reward_low_FP_rate: 'reward_low_FP',
  reward_low_FN_rate: 'reward_low_FN',
};
