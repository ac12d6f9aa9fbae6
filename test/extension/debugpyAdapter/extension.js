// Test-only extension: the `rgl-test-debugpy` debug type runs Debian's debugpy adapter over stdio.
const vscode = require('vscode');

exports.activate = (context) => {
  const python = process.env.RGL_TEST_PYTHON || '/usr/bin/python3';
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('rgl-test-debugpy', {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterExecutable(python, ['-m', 'debugpy.adapter']),
    }),
  );
};

exports.deactivate = () => undefined;
