// Dockerfile syntax and instruction lint with dockerfile-utils (the engine of the VS Code
// Docker extension's diagnostics). Every diagnostic fails.
const [nodeDir, file] = process.argv.slice(2);
const du = require(nodeDir + "/node_modules/dockerfile-utils");
const text = require("fs").readFileSync(file, "utf8");
const diags = du.validate(text, {});
if (!diags.length) { console.log("PASS  Dockerfile: dockerfile-utils lint (no problems)"); process.exit(0); }
console.log(`FAIL  Dockerfile: dockerfile-utils lint (${diags.length} problems)`);
for (const d of diags) console.log(`      - line ${d.range.start.line + 1}: ${d.message}`);
