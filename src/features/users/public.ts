/** What other slices, the server and the command line may use of the users slice. */
export { userRoutes } from './routes.ts';
export { bootstrapAdministrator, createUser, listUsers, updateUser } from './service.ts';
