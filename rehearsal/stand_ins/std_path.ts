/** Stand-in for `jsr:@std/path@^1` on POSIX: node's path module has the same semantics. */
export { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
