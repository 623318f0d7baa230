// The runtime's public door: workers that run timers, SLA points, deliveries, service calls
// and the notifications outbox on a store.
export { systemClock, type Clock } from './clock.ts';
export { backoffMs } from './backoff.ts';
export { fetchHttp, type HttpClient, type HttpAnswer } from './http.ts';
export { runCommandJobs, type CommandJobOptions, type CommandJobsResult } from './command-jobs.ts';
export { runServiceJobs, type ServiceJobOptions, type ServiceJobsResult } from './service-jobs.ts';
export { deliverNotifications, logChannel, type NotificationChannel, type NotificationOptions } from './notifications.ts';
export { runDueJobs, type RunDueJobsOptions, type RunDueJobsResult } from './run-due-jobs.ts';
export { startWorker, type Worker, type WorkerOptions } from './worker.ts';
