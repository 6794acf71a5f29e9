import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { needs } from '../support/tools';

/*
 * What `npm run pack:all` and `npm run package:python` built (npm test builds both before jest):
 * the two npm tarballs with their jsii assemblies, and each flavour's Python sdist and wheel.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
const FLAVOURS = [
  { name: 'cdktf-taskgate', core: 'cdktf', other: 'cdktn', module: 'cdktf_taskgate' },
  { name: 'cdktn-taskgate', core: 'cdktn', other: 'cdktf', module: 'cdktn_taskgate' },
] as const;
const CONSTRUCTS = [
  'TaskGate',
  'TencentRedisTaskList',
  'TencentRedisLegacyTaskList',
  'TencentCdbTaskList',
  'HuaweiRdsTaskList',
];

/** The files of an npm tarball (a gzipped ustar archive), by path. */
function untar(file: string): Map<string, Buffer> {
  const data = zlib.gunzipSync(fs.readFileSync(file));
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= data.length;) {
    const header = data.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').trim(), 8);
    const full = prefix ? `${prefix}/${name}` : name;
    files.set(full, data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The Python example docs/constructs.md shows, in the cdktn spelling. */
const PYTHON_EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/python/orders.py'), 'utf8');

interface Assembly {
  name: string;
  dependencies?: Record<string, string>;
  types: Record<
    string,
    {
      kind: string;
      properties?: { name: string }[];
      interfaces?: string[];
      initializer?: { parameters?: { name: string; type: { fqn?: string } }[] };
    }
  >;
}

/** Every property of a struct, its own and inherited, as Python spells it. */
function structProps(assembly: Assembly, fqn: string): string[] {
  const type = assembly.types[fqn];
  if (!type) return [];
  const own = (type.properties ?? []).map((p) => p.name);
  return [...own, ...(type.interfaces ?? []).flatMap((parent) => structProps(assembly, parent))];
}
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
// pacmak appends an underscore to a prop named after a Python keyword.
const PYTHON_KEYWORDS = new Set<string>(['assert']);

describe.each(FLAVOURS)('the $name package', ({ name, core, other }) => {
  const tarball = path.join(ROOT, 'dist', `${name}-${version}.tgz`);
  let files: Map<string, Buffer>;
  let manifest: Record<string, any>;
  let assembly: Assembly;

  beforeAll(() => {
    if (!fs.existsSync(tarball)) throw new Error(`${tarball} is missing: run "npm run pack:all" first.`);
    files = untar(tarball);
    manifest = JSON.parse(files.get('package/package.json')!.toString('utf8'));
    assembly = JSON.parse(files.get('package/.jsii')!.toString('utf8'));
  });

  it('ships its jsii assembly, the constructs, the CLI and the provider', () => {
    for (const file of [
      'package/.jsii',
      'package/lib/index.js',
      'package/lib/index.d.ts',
      'package/lib/taskgate.js',
      'package/lib/terraform-provider-taskgate.js',
      'package/README.md',
    ])
      expect([...files.keys()]).toContain(file);
    expect(assembly.name).toBe(name);
    expect(manifest.name).toBe(name);
    expect(manifest.bin).toEqual({ taskgate: 'lib/taskgate.js' });
  });

  it(`names ${core} as its only core: never ${other}, in no dependency, peer or import`, () => {
    expect(manifest.peerDependencies).toEqual({ [core]: expect.any(String), constructs: expect.any(String) });
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(assembly.dependencies ?? {}).sort()).toEqual(['constructs', core].sort());
    const code = [...files.entries()].filter(
      ([file]) =>
        /\/lib\/(constructs\/)?[^/]+\.(js|d\.ts)$/.test(file) &&
        !/taskgate\.js$|provider-taskgate\.js$/.test(file),
    );
    expect(code.length).toBeGreaterThan(10);
    const imports = code.flatMap(([, text]) =>
      [...text.toString('utf8').matchAll(/(?:require\(|from )["']([^"'./][^"']*)["']/g)].map((m) => m[1]),
    );
    expect(new Set(imports.map((spec) => spec.split('/')[0]))).toEqual(
      // node:crypto, node:module and node:zlib: the native provider's zips and lock-file hashes.
      new Set(['constructs', core, 'node:crypto', 'node:fs', 'node:module', 'node:path', 'node:zlib']),
    );
  });

  it('declares the constructs, their props and the enums in the assembly', () => {
    for (const construct of CONSTRUCTS) expect(assembly.types[`${name}.${construct}`]?.kind).toBe('class');
    for (const enumName of [
      'TaskApi',
      'WaitCondition',
      'AssertCondition',
      'TaskSelection',
      'TaskListEngine',
      'TaskGateEngine',
    ])
      expect(assembly.types[`${name}.${enumName}`]?.kind).toBe('enum');
    expect(structProps(assembly, `${name}.TaskGateProps`)).toEqual(
      expect.arrayContaining(['api', 'taskList', 'wait', 'triggers', 'engine', 'instanceId']),
    );
  });
});

needs('python3', 'the Python distributions tests').describe.each(FLAVOURS)(
  'the $name Python distributions',
  ({ name, module, core, other }) => {
    const dist = path.join(ROOT, 'dist', 'python');
    const wheel = path.join(dist, `${module}-${version}-py3-none-any.whl`);
    let assembly: Assembly;
    let read: {
      compiled: string[];
      classes: Record<string, { positional: string[]; keywords: string[] }>;
      calls: { name: string; keywords: string[] }[];
    };

    beforeAll(() => {
      if (!fs.existsSync(wheel)) throw new Error(`${wheel} is missing: run "npm run package:python" first.`);
      assembly = JSON.parse(fs.readFileSync(path.join(ROOT, 'build', 'flavours', name, '.jsii'), 'utf8'));
      // The Python example, in this flavour's spelling.
      const example = path.join(os.tmpdir(), `taskgate-example-${module}-${process.pid}.py`);
      fs.writeFileSync(example, PYTHON_EXAMPLE.replace(/cdktn/g, core));
      const python = spawnSync(
        'python3',
        [path.join(__dirname, 'python-signatures.py'), wheel, module, example],
        {
          encoding: 'utf8',
        },
      );
      fs.rmSync(example, { force: true });
      if (python.status !== 0) throw new Error(`python3 could not read ${wheel}: ${python.stderr}`);
      read = JSON.parse(python.stdout);
    });

    it('are an sdist and a wheel that depend on its core, not the other', () => {
      expect(fs.existsSync(path.join(dist, `${name}-${version}.tar.gz`))).toBe(true);
      const metadata = spawnSync(
        'python3',
        [
          '-c',
          `import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).read('${module}-${version}.dist-info/METADATA').decode())`,
          wheel,
        ],
        { encoding: 'utf8' },
      ).stdout;
      expect(metadata).toMatch(new RegExp(`^Requires-Dist: ${core} `, 'm'));
      expect(metadata).toMatch(/^Requires-Dist: jsii /m);
      expect(metadata).not.toMatch(new RegExp(`^Requires-Dist: ${other} `, 'm'));
      // The jsii runtime loads the npm package from inside the wheel.
      expect(read.compiled).toContain(`${module}/_jsii/__init__.py`);
    });

    it('byte-compile: every module of the wheel', () => {
      expect(read.compiled).toContain(`${module}/__init__.py`);
    });

    it.each(CONSTRUCTS)('%s takes scope and id, then every prop as a keyword argument', (construct) => {
      const signature = read.classes[construct];
      expect(signature.positional).toEqual(['self', 'scope', 'id']);
      const propsFqn = assembly.types[`${name}.${construct}`].initializer!.parameters![2].type.fqn!;
      const expected = structProps(assembly, propsFqn).map((prop) => {
        const python = snake(prop);
        return PYTHON_KEYWORDS.has(python) ? `${python}_` : python;
      });
      expect(expected.length).toBeGreaterThan(8);
      expect([...signature.keywords].sort()).toEqual([...new Set(expected)].sort());
    });

    it('spells the reserved `assert` as `assert_`, and `wait` and `assert_` take their options as keywords', () => {
      expect(read.classes.TencentRedisTaskList.keywords).toEqual(
        expect.arrayContaining(['assert_', 'wait', 'depends_on', 'engine']),
      );
      expect(read.classes.TaskListWaitOptions.keywords.sort()).toEqual([
        'appear_timeout',
        'poll_interval',
        'select',
        'timeout',
        'until',
      ]);
      expect(read.classes.TaskListAssertOptions.keywords.sort()).toEqual(['expect', 'max_age', 'select']);
    });

    it('the Python example (examples/python/orders.py) compiles and passes only keywords the generated classes take', () => {
      const ours = read.calls.filter((call) => read.classes[call.name]);
      expect(ours.map((call) => call.name).sort()).toEqual(
        ['TaskGate', 'TaskListAssertOptions', 'TaskListWaitOptions', 'TencentRedisTaskList'].sort(),
      );
      for (const call of ours)
        expect(read.classes[call.name].keywords).toEqual(expect.arrayContaining(call.keywords));
    });
  },
);

describe('the Java, Go and C# bindings generated from the assembly', () => {
  const dir = path.join(ROOT, 'build', 'bindings');
  const read = (...parts: string[]) => {
    const file = path.join(dir, ...parts);
    if (!fs.existsSync(file))
      throw new Error(`${file} is missing: run "node scripts/flavours.mjs bindings" first.`);
    return fs.readFileSync(file, 'utf8');
  };

  it('Java spells the reserved `assert` as `assertValue`, and keeps `select`', () => {
    const java = (type: string) =>
      read('java', 'src', 'main', 'java', 'io', 'github', 'cdktftaskgate', `${type}.java`);
    expect(java('TencentRedisTaskList')).toMatch(
      /public Builder assertValue\(final io\.github\.cdktftaskgate\.TaskListAssertOptions assertValue\)/,
    );
    expect(java('TaskListWaitOptions')).toMatch(/public Builder select\(/);
    expect(java('TaskGate')).toMatch(/public Builder api\(final io\.github\.cdktftaskgate\.TaskApi api\)/);
  });

  it('Go makes `select` and `assert` exported struct fields, which no keyword clashes with', () => {
    expect(read('go', 'cdktftaskgate', 'TaskListWaitOptions.go')).toMatch(
      /^\s+Select interface\{\} `field:"optional" json:"select"/m,
    );
    expect(read('go', 'cdktftaskgate', 'TencentRedisTaskListProps.go')).toMatch(
      /^\s+Assert \*TaskListAssertOptions /m,
    );
  });

  it('C# has the Select and Assert properties', () => {
    const cs = (type: string) => read('dotnet', 'CdktfTaskgate', 'CdktfTaskgate', `${type}.cs`);
    expect(cs('ITaskListWaitOptions')).toMatch(/object\? Select/);
    expect(cs('ITencentRedisTaskListProps')).toMatch(/ITaskListAssertOptions\? Assert/);
  });
});
