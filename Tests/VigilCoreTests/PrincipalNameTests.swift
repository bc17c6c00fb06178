import Testing
import VigilCore

@Suite struct PrincipalNameTests {
    @Test(arguments: [
        ("arn:aws:sts::111122223333:assumed-role/terraform-deployer/terraform", "111122223333", "terraform-deployer"),
        ("arn:aws:iam::111122223333:user/alice", "111122223333", "alice"),
        ("arn:aws:iam::111122223333:user/division/team/bob", "111122223333", "bob"),
        ("arn:aws:iam::111122223333:root", "111122223333", "root"),
        ("arn:aws:sts::111122223333:federated-user/Carol", "111122223333", "Carol"),
        ("arn:aws:iam::111122223333:role/service-role/ops", "111122223333", "ops"),
    ])
    func fromTheARN(arn: String, account: String, name: String) throws {
        let parts = try #require(PrincipalName.cloudTrail(arn: arn, invokedBy: nil, principalID: "AIDAX"))
        #expect(parts.account == account)
        #expect(parts.name == name)
    }

    @Test func withoutAnARN() {
        #expect(PrincipalName.cloudTrail(arn: nil, invokedBy: "backup.amazonaws.com", principalID: "X")?.name == "backup.amazonaws.com")
        #expect(PrincipalName.cloudTrail(arn: "", invokedBy: nil, principalID: "AIDAX")?.name == "AIDAX")
        #expect(PrincipalName.cloudTrail(arn: nil, invokedBy: nil, principalID: nil) == nil)
        #expect(PrincipalName.cloudTrail(arn: "not-an-arn", invokedBy: nil, principalID: nil)?.name == "not-an-arn")
    }
}
