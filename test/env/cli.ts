// `npm run testenv -- up | down | status | kubeconfig`: the test control plane (see test/env/README.md).
import { down, kubeconfigPath, status, up } from './cluster.js';

const USAGE = 'usage: npm run testenv -- up | down | status | kubeconfig';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up':
      await up();
      return 0;
    case 'down':
      await down();
      return 0;
    case 'status': {
      const current = await status();
      for (const [name, pid] of Object.entries(current.running))
        console.log(`${name.padEnd(24)} ${pid === undefined ? 'stopped' : `running (pid ${pid})`}`);
      console.log(
        `api server ${current.ready ? 'ready' : 'not ready'}${current.kubeconfig === undefined ? '' : `; kubeconfig ${current.kubeconfig}`}`,
      );
      return current.ready ? 0 : 1;
    }
    case 'kubeconfig':
      console.log(kubeconfigPath());
      return 0;
    default:
      console.error(USAGE);
      return 1;
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  console.error(`testenv: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
