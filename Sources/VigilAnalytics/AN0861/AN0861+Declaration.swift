import VigilCore

extension AN0861 {
    /// AN0861 in Vigil's catalogue, written against Enterprise ATT&CK 18.1. The log sources are
    /// the analytic's `x_mitre_log_source_references` in that release, in its order.
    public static let declaration = AnalyticDeclaration(
        attack: attack,
        name: "Analytic 0861",
        summary: "Creation, deletion or modification of instances, volumes, snapshots and images outside approved "
            + "change windows, by rarely used or unexpected principals, in bursts or snapshot→share→mount chains, or "
            + "from unusual networks, clients, regions or locations.",
        platforms: ["IaaS"],
        writtenAgainst: AttackBaseline(
            collection: "Enterprise ATT&CK", release: "18.1",
            stixID: "x-mitre-analytic--c9be9fb3-460f-42bc-9b56-3bb88839aeab",
            contentHash: "b643bfb7c5f0d5cb588a3f3b97c689e70584158ffd47afb326feafae2fe9c2b7", objectVersion: "1.0"),
        logSources: [
            cloudTrail("RunInstances", "DC0080", "Instance Start", as: "instanceRun"),
            cloudTrail("TerminateInstances", "DC0089", "Instance Stop", as: "instanceTerminate"),
            cloudTrail("ModifyVolume", "DC0092", "Volume Modification", as: "volumeModify"),
            cloudTrail("DeleteVolume, ModifyVolume", "DC0098", "Volume Deletion", as: "volumeDelete, volumeModify"),
            cloudTrail("CreateVolume", "DC0097", "Volume Creation", as: "volumeCreate"),
            cloudTrail("CreateSnapshot", "DC0057", "Snapshot Creation", as: "snapshotCreate"),
            cloudTrail("DeleteSnapshot", "DC0049", "Snapshot Deletion", as: "snapshotDelete"),
            cloudTrail("ModifySnapshotAttribute", "DC0058", "Snapshot Modification", as: "snapshotModifyAttribute"),
            LogSourceMapping(
                name: "AWS:CloudWatch", channel: "unexpected IAM user or role assuming privileges for instance/snapshot operations",
                dataComponent: "DC0070", dataComponentName: "Cloud Service Metadata",
                coverage: .notRead(reason: "CloudWatch is not read; the principal behind each CloudTrail change (role sessions "
                    + "included) is judged instead, against UserContext and the learned activity baseline")),
        ],
        additionalSources: [.azureActivity, .gcpAudit],
        mutableElements: [
            MutableElementMapping(field: "ChangeWindow", configKey: "analytics.AN0861.ChangeWindow",
                                  setting: "the change windows (by name) that approve compute changes"),
            MutableElementMapping(field: "UserContext", configKey: "analytics.AN0861.UserContext",
                                  setting: "automation principals and clients, learned automation, rarely used accounts"),
            MutableElementMapping(field: "RateThreshold", configKey: "analytics.AN0861.RateThreshold",
                                  setting: "changes by one principal within a number of minutes"),
            MutableElementMapping(field: "GeoLocation", configKey: "analytics.AN0861.GeoLocation",
                                  setting: "MaxMind databases for source country and autonomous system"),
        ])

    private static func cloudTrail(_ channel: String, _ dc: String, _ dcName: String, as kinds: String) -> LogSourceMapping {
        LogSourceMapping(name: "AWS:CloudTrail", channel: channel, dataComponent: dc, dataComponentName: dcName,
                         coverage: .read(.cloudTrail, as: kinds))
    }
}
