import { api } from './client.ts';
import type {
  AuditEntry,
  ConsentCreate,
  DestructionView,
  EnrollmentInput,
  EventCreate,
  IdentityInput,
  IdentityView,
  Language,
  MembershipInput,
  ParticipantDetail,
  ParticipantSummary,
  ScreeningCreate,
  ScreeningCreated,
  ScreeningQuery,
  ScreeningView,
  SessionView,
  StudyProtocol,
  SiteView,
  TokenCreated,
  TokenView,
  TotpSetup,
  UserView,
  UserWithPassword,
  VisitRecordCreate,
  WithdrawalCreate,
  Worklist,
} from './types.ts';

interface Ok {
  ok: true;
}

export interface SignInInput {
  username: string;
  password: string;
  totpCode?: string;
}

export const authApi = {
  session: () => api.get<SessionView>('/api/auth/session', { handlesAuthErrors: true }),
  signIn: (input: SignInInput) => api.post<SessionView>('/api/auth/sign-in', input, { handlesAuthErrors: true }),
  signOut: () => api.post<Ok>('/api/auth/sign-out', undefined, { handlesAuthErrors: true }),
  changePassword: (input: { currentPassword: string; newPassword: string }) =>
    api.post<Ok>('/api/auth/password', input),
  totpSetup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (input: { secret: string; code: string }) => api.post<Ok>('/api/auth/totp/enable', input),
  totpDisable: (input: { password: string }) => api.post<Ok>('/api/auth/totp/disable', input),
};

export const meApi = {
  update: (input: { displayName?: string; language?: Language }) => api.patch<Ok>('/api/me', input),
  tokens: () => api.get<{ tokens: TokenView[] }>('/api/me/tokens'),
  createToken: (name: string) => api.post<TokenCreated>('/api/me/tokens', { name }),
  revokeToken: (tokenId: number) => api.delete<Ok>(`/api/me/tokens/${tokenId}`),
};

export interface SiteCreateInput {
  code: string;
  name: string;
  timeZone: string;
}

export const sitesApi = {
  list: () => api.get<{ sites: SiteView[] }>('/api/sites'),
  create: (input: SiteCreateInput) => api.post<SiteView>('/api/sites', input),
  update: (siteId: number, input: { name?: string; timeZone?: string; disabled?: boolean }) =>
    api.patch<SiteView>(`/api/sites/${siteId}`, input),
};

export interface UserCreateInput {
  username: string;
  displayName: string;
  email?: string | null;
  language?: Language;
  memberships: MembershipInput[];
}

export const usersApi = {
  list: () => api.get<{ users: UserView[] }>('/api/users'),
  create: (input: UserCreateInput) => api.post<UserWithPassword>('/api/users', input),
  update: (userId: number, input: { displayName?: string; email?: string | null; disabled?: boolean }) =>
    api.patch<UserView>(`/api/users/${userId}`, input),
  replaceRoles: (userId: number, input: { memberships: MembershipInput[]; reason?: string }) =>
    api.put<UserView>(`/api/users/${userId}/roles`, input),
  resetPassword: (userId: number) => api.post<UserWithPassword>(`/api/users/${userId}/password-reset`),
  unlock: (userId: number) => api.post<UserView>(`/api/users/${userId}/unlock`),
  resetTotp: (userId: number) => api.post<UserView>(`/api/users/${userId}/totp-reset`),
};

export const auditPageSize = 100;

function pageQuery(beforeSeq: number | undefined): string {
  const params = new URLSearchParams({ limit: String(auditPageSize) });
  if (beforeSeq !== undefined) params.set('beforeSeq', String(beforeSeq));
  return params.toString();
}

export const auditApi = {
  securityLog: (beforeSeq?: number) => api.get<{ entries: AuditEntry[] }>(`/api/security-log?${pageQuery(beforeSeq)}`),
  siteTrail: (siteId: number, beforeSeq?: number) =>
    api.get<{ entries: AuditEntry[] }>(`/api/sites/${siteId}/audit?${pageQuery(beforeSeq)}`),
};

export const studyApi = {
  get: () => api.get<{ current: StudyProtocol; versions: string[] }>('/api/study'),
};

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => (entry[1] ?? '') !== '');
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

export type ScreeningOutcomeInput = { outcome: 'not_approached' | 'approached' | 'declined'; reason?: string | null };

export const screeningApi = {
  list: (siteId: number, filter: ScreeningQuery) =>
    api.get<{ screenings: ScreeningView[] }>(`/api/sites/${siteId}/screenings${query(filter)}`),
  exportUrl: (siteId: number) => `/api/sites/${siteId}/screenings/export`,
  create: (siteId: number, input: ScreeningCreate) =>
    api.post<ScreeningCreated>(`/api/sites/${siteId}/screenings`, input),
  get: (screeningId: number) => api.get<ScreeningView>(`/api/screenings/${screeningId}`),
  setOutcome: (screeningId: number, input: ScreeningOutcomeInput) =>
    api.post<ScreeningView>(`/api/screenings/${screeningId}/outcome`, input),
  enroll: (screeningId: number, input: EnrollmentInput) =>
    api.post<ParticipantDetail>(`/api/screenings/${screeningId}/enrollment`, input),
};

export const participantsApi = {
  list: (siteId: number) => api.get<{ participants: ParticipantSummary[] }>(`/api/sites/${siteId}/participants`),
  get: (participantId: number) => api.get<ParticipantDetail>(`/api/participants/${participantId}`),
  identity: (participantId: number) => api.get<IdentityView>(`/api/participants/${participantId}/identity`),
  updateIdentity: (participantId: number, input: IdentityInput) =>
    api.put<IdentityView>(`/api/participants/${participantId}/identity`, input),
  recordConsent: (participantId: number, input: ConsentCreate) =>
    api.post<ParticipantDetail>(`/api/participants/${participantId}/consents`, input),
  recordVisit: (participantId: number, input: VisitRecordCreate) =>
    api.post<ParticipantDetail>(`/api/participants/${participantId}/visits`, input),
  recordEvent: (participantId: number, input: EventCreate) =>
    api.post<ParticipantDetail>(`/api/participants/${participantId}/events`, input),
  withdraw: (participantId: number, input: WithdrawalCreate) =>
    api.post<ParticipantDetail>(`/api/participants/${participantId}/withdrawal`, input),
  worklist: (siteId: number) => api.get<Worklist>(`/api/sites/${siteId}/worklist`),
};

export const destructionsApi = {
  list: (siteId: number) => api.get<{ destructions: DestructionView[] }>(`/api/sites/${siteId}/destructions`),
  approve: (destructionId: number, note: string | null) =>
    api.post<DestructionView>(`/api/destructions/${destructionId}/approve`, { note }),
  reject: (destructionId: number, note: string) =>
    api.post<DestructionView>(`/api/destructions/${destructionId}/reject`, { note }),
};
