import { probeManifest } from "../_probe_definition.ts";

export default probeManifest();
