import { fork, type ChildProcess } from 'node:child_process';
import type { AppConfig } from '../../config';
import { startSmtpServer } from '../../test/support/smtp';

// The SMTP relay in a process of its own, as a relay is another machine: its CPU is not the measured
// process's, and its answers do not wait behind the measured work. Run by forking this file; the
// parent asks it over IPC how many messages it accepted, and ends it.

type Request = { kind: 'count' } | { kind: 'close' };
type Reply = { kind: 'ready'; config: AppConfig['smtp'] } | { kind: 'count'; accepted: number };

export interface RelayProcess {
  config: AppConfig['smtp'];
  /** Messages the relay answered 250. */
  accepted(): Promise<number>;
  close(): Promise<void>;
}

export async function startRelayProcess(): Promise<RelayProcess> {
  const child: ChildProcess = fork(__filename, ['--relay'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <K extends Reply['kind']>(kind: K) =>
    new Promise<Extract<Reply, { kind: K }>>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if (m.kind !== kind) return;
        child.off('message', onMessage).off('exit', onExit);
        resolve(m as Extract<Reply, { kind: K }>);
      };
      const onExit = (code: number | null) => reject(new Error(`relay process exited (${code})`));
      child.on('message', onMessage).once('exit', onExit);
    });
  const ready = await next('ready');
  const send = (request: Request) => child.send(request);
  return {
    config: ready.config,
    async accepted() {
      const reply = next('count');
      send({ kind: 'count' });
      return (await reply).accepted;
    },
    async close() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ kind: 'close' });
      await exited;
    },
  };
}

if (require.main === module && process.argv.includes('--relay')) {
  void startSmtpServer({ parse: false }).then((smtp) => {
    const reply = (m: Reply) => process.send!(m);
    process.on('message', (m: Request) => {
      if (m.kind === 'count') reply({ kind: 'count', accepted: smtp.messages.length });
      else void smtp.close().then(() => process.exit(0));
    });
    process.on('disconnect', () => process.exit(0));
    reply({ kind: 'ready', config: smtp.config });
  });
}
