// Generates API.md, the construct API reference, from the doc comments of what src/index.ts exports.
// `node scripts/api-docs.cjs` writes it; `--check` exits 1 when the checked-in file is stale.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'src/index.ts');

function docOf(symbol, checker) {
  const text = ts
    .displayPartsToString(symbol.getDocumentationComment(checker))
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const tags = symbol.getJsDocTags(checker);
  const fallback = tags.find((tag) => tag.name === 'default');
  return { text, fallback: fallback ? ts.displayPartsToString(fallback.text).trim() : '' };
}

function render() {
  const program = ts.createProgram([entry], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const exports = checker
    .getExportsOfModule(module)
    .map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
  const out = [
    '# API reference',
    '',
    'Generated from the doc comments by `npm run docs`; a test fails when it is stale.',
    '',
  ];
  const byName = (a, b) => a.getName().localeCompare(b.getName());
  const classes = exports.filter((s) => s.flags & ts.SymbolFlags.Class).sort(byName);
  const interfaces = exports
    .filter((s) => s.flags & ts.SymbolFlags.Interface && /Props|Options/.test(s.getName()))
    .sort(byName);
  for (const symbol of classes) {
    const { text } = docOf(symbol, checker);
    out.push(`## class ${symbol.getName()}`, '', text, '');
    const decl = symbol.declarations[0];
    const ctor = decl.members.find((m) => ts.isConstructorDeclaration(m));
    if (ctor)
      out.push(
        '```ts',
        `new ${symbol.getName()}(${ctor.parameters.map((p) => p.getText()).join(', ')})`,
        '```',
        '',
      );
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const members = checker
      .getPropertiesOfType(type)
      .filter(
        (m) =>
          !m.getName().startsWith('_') && m.valueDeclaration && !ts.isMethodDeclaration(m.valueDeclaration),
      )
      .filter((m) => (m.valueDeclaration.parent?.name?.text ?? '').match(/TaskListBase|TaskGate/));
    if (members.length) {
      out.push('| attribute | type | description |', '|---|---|---|');
      for (const m of members) {
        const t = checker.typeToString(checker.getTypeOfSymbolAtLocation(m, decl));
        out.push(`| \`${m.getName()}\` | \`${t.replace(/\|/g, '\\|')}\` | ${docOf(m, checker).text} |`);
      }
      out.push('');
    }
  }
  const enums = exports.filter((s) => s.flags & ts.SymbolFlags.Enum).sort(byName);
  for (const symbol of enums) {
    out.push(
      `## enum ${symbol.getName()}`,
      '',
      docOf(symbol, checker).text,
      '',
      '| member | value | description |',
      '|---|---|---|',
    );
    for (const member of symbol.declarations[0].members) {
      const value = checker.getConstantValue(member);
      const doc = docOf(checker.getSymbolAtLocation(member.name), checker).text;
      out.push(`| \`${member.name.getText()}\` | \`${JSON.stringify(value)}\` | ${doc} |`);
    }
    out.push('');
  }
  for (const symbol of interfaces) {
    out.push(
      `## interface ${symbol.getName()}`,
      '',
      docOf(symbol, checker).text,
      '',
      '| prop | type | default | description |',
      '|---|---|---|---|',
    );
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    for (const m of checker.getPropertiesOfType(type)) {
      const decl = m.valueDeclaration;
      const t = checker.typeToString(checker.getTypeOfSymbolAtLocation(m, decl)).replace(/\|/g, '\\|');
      const { text, fallback } = docOf(m, checker);
      out.push(
        `| \`${m.getName()}\` | \`${t}\` | ${fallback.replace(/\|/g, '\\|')} | ${text.replace(/\|/g, '\\|')} |`,
      );
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

const target = path.join(root, 'API.md');
const text = render();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('API.md is stale: run "npm run docs" and commit it.');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
}
