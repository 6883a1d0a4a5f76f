/** What other slices, the server and the command line may use of the auth slice. */
export { authRoutes } from './routes.ts';
export { authenticateSession, authenticateToken } from './authenticate.ts';
export { hashPassword } from './password.ts';
export { verifySignerPassword } from './re-authenticate.ts';
export { resealTotpSecrets, revokeCredentials, sealPlainTotpSecrets } from './repo.ts';
