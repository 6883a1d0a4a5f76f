import type { UserView } from '../../api/types.ts';

export const usersKey = ['users'] as const;

export type UserStatus = 'active' | 'disabled' | 'locked';

export function statusOf(user: UserView, now = Date.now()): UserStatus {
  if (user.disabledAt !== null) return 'disabled';
  if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now) return 'locked';
  return 'active';
}
