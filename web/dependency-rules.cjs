/**
 * The web's import rules, for the repository's dependency-cruiser configuration (.dependency-cruiser.cjs,
 * checked by `npm run check:imports` in `npm test`): spread into its `forbidden` list, with web/src among
 * the folders the check reads. Its no-circular rule forbids file cycles; these forbid cycles between web
 * features (folders), which no file cycle shows: each feature imports only the features below it.
 * @type {import('dependency-cruiser').IForbiddenRuleType[]}
 */
const webRules = [
  {
    name: "web-features-one-way",
    severity: "error",
    comment:
      "Web features import each other one way: shell → members, registry, indicators, plans → archive, member-status, stats → organizations → auth. To refresh another feature's data use api/query-keys invalidateEntity; shared pieces go to web/src/{api,components,i18n,routes}.",
    from: { path: "^web/src/features/auth/" },
    to: { path: "^web/src/features/(?!auth/)" },
  },
  {
    name: "web-organizations-below-features",
    severity: "error",
    comment: "organizations imports only auth among the features (see web-features-one-way).",
    from: { path: "^web/src/features/organizations/" },
    to: { path: "^web/src/features/(?!organizations/|auth/)" },
  },
  {
    name: "web-member-parts-below-pages",
    severity: "error",
    comment: "archive, member-status and stats import only organizations and auth among the features.",
    from: { path: "^web/src/features/(archive|member-status|stats)/" },
    to: { path: "^web/src/features/", pathNot: "^web/src/features/($1|organizations|auth)/" },
  },
  {
    name: "web-pages-not-each-other",
    severity: "error",
    comment: "members, registry, indicators and plans do not import each other or the shell.",
    from: { path: "^web/src/features/(members|registry|indicators|plans)/" },
    to: {
      path: "^web/src/features/(members|registry|indicators|plans|shell)/",
      pathNot: "^web/src/features/$1/",
    },
  },
  {
    name: "web-plans-sub-features-one-way",
    severity: "error",
    comment:
      "Plans sub-features (named as the server's plans modules) import only plans/shared; the ledger page hosts them, and comparison reads the ledger's parameters.",
    from: {
      path: "^web/src/features/plans/(shared|close-out|evaluation|export|import|progress|supervision|targets|units)/",
    },
    to: { path: "^web/src/features/plans/", pathNot: "^web/src/features/plans/($1|shared)/" },
  },
  {
    name: "web-plans-ledger-below-comparison",
    severity: "error",
    comment: "The ledger does not import the comparison, evaluation or import sub-features.",
    from: { path: "^web/src/features/plans/ledger/" },
    to: { path: "^web/src/features/plans/(comparison|evaluation|import)/" },
  },
];

module.exports = webRules;
