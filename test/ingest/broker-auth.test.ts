/** Password hashes, the users file, and the ACL filter check, as tables. */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { filterWithin } from '../../src/config/topic.ts';
import { hashPassword, parseUsersFile, verifyPassword } from '../../src/ingest/broker-auth.ts';
import { passwd } from '../../src/ingest/passwd.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const it = suite('broker auth');

it('scrypt hashes: PHC format, salted, verified only by the right password', async () => {
  const a = await hashPassword('correct horse', 10);
  const b = await hashPassword('correct horse', 10);
  assert.match(a, /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.is.not(a, b, 'a fresh salt each time');
  assert.ok(await verifyPassword('correct horse', a));
  assert.ok(await verifyPassword(Buffer.from('correct horse'), b));
  assert.not.ok(await verifyPassword('correct horsE', a));
  assert.not.ok(await verifyPassword('', a));
  assert.not.ok(await verifyPassword('correct horse', 'plain-text-password'));
  // A tampered key of another length is refused, not thrown on (timingSafeEqual needs equal lengths).
  assert.not.ok(await verifyPassword('correct horse', `${a.slice(0, a.lastIndexOf('$'))}$AAAA`));
});

it('users file: user:hash lines, comments; problems name the line and never echo the secret', async () => {
  const h = await hashPassword('pw-123456', 10);
  const { users, problems } = parseUsersFile(`# devices\n\ndev-1:${h}\nstreamscore:${h}\ndev/2:${h}\ndev-3:hunter2\ndev-1:${h}\n`, 'users.txt');
  assert.equal([...users.keys()], ['dev-1', 'streamscore']);
  assert.is(problems.length, 3);
  assert.match(problems[0]!, /users.txt line 5: the user name/);
  assert.match(problems[1]!, /line 6: the hash of "dev-3" is not a \$scrypt\$ PHC string; make it with: streamscore passwd users.txt dev-3/);
  assert.not.match(problems[1]!, /hunter2/);
  assert.match(problems[2]!, /line 7: "dev-1" is listed twice/);
});

it('filterWithin: a subscription is granted only inside the allowed filter', () => {
  const table: Array<[string, string, boolean]> = [
    ['devices/x/telemetry', 'devices/x/#', true],
    ['devices/x', 'devices/x/#', true], // '#' also matches the parent level [MQTT-4.7.1-2]
    ['devices/x/a/b/c', 'devices/x/#', true],
    ['devices/y/telemetry', 'devices/x/#', false],
    ['devices/+/telemetry', 'devices/x/#', false],
    ['devices/#', 'devices/x/#', false],
    ['#', 'devices/x/#', false],
    ['streamscore/scores/motor/x', 'streamscore/+/+/x', true],
    ['streamscore/+/+/x', 'streamscore/+/+/x', true],
    ['streamscore/+/motor/x', 'streamscore/+/+/x', true],
    ['streamscore/+/+/y', 'streamscore/+/+/x', false],
    ['streamscore/+/+/+', 'streamscore/+/+/x', false],
    ['streamscore/+/+/#', 'streamscore/+/+/x', false],
    ['streamscore/scores/motor', 'streamscore/+/+/x', false],
    ['streamscore/scores/motor/x/more', 'streamscore/+/+/x', false],
    ['$SYS/broker', '#', false],
    ['$SYS/broker', '+/broker', false],
  ];
  for (const [filter, allowed, expected] of table) assert.is(filterWithin(filter, allowed), expected, `${filter} within ${allowed}`);
});

it('passwd adds, replaces and deletes a user; refuses names with topic syntax and short passwords', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ss-passwd-')), 'users');
  const errors: string[] = [];
  const io = (password: string) => ({ readPassword: async () => password, err: (t: string) => void errors.push(t) });
  assert.is(await passwd([file, 'dev-1'], io('first-password')), 0);
  assert.is(await passwd([file, 'dev-2'], io('second-password')), 0);
  const before = parseUsersFile(readFileSync(file, 'utf8'), file).users;
  assert.ok(await verifyPassword('first-password', before.get('dev-1')!));
  assert.is(await passwd([file, 'dev-1'], io('changed-password')), 0);
  const after = parseUsersFile(readFileSync(file, 'utf8'), file);
  assert.equal(after.problems, []);
  assert.equal([...after.users.keys()], ['dev-1', 'dev-2']);
  assert.ok(await verifyPassword('changed-password', after.users.get('dev-1')!));
  assert.is(await passwd(['--delete', file, 'dev-2'], io('')), 0);
  assert.equal([...parseUsersFile(readFileSync(file, 'utf8'), file).users.keys()], ['dev-1']);
  assert.is(await passwd([file, 'dev/+'], io('long-enough-password')), 2);
  assert.is(await passwd([file, 'dev-3'], io('short')), 1);
  assert.is(await passwd([file], io('x')), 2);
  assert.match(errors.join(''), /not a valid user name/);
  assert.not.match(readFileSync(file, 'utf8'), /password/);
});

it.run();
