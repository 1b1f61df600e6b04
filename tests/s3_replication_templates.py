"""The CloudFormation same-Region replication template the s3-replication flow tests share.

``# DECRYPT`` is where a test puts the role's kms:Decrypt statement (:data:`CFN_DECRYPT` with ``CONTEXT`` replaced),
``# SOURCE_LOCK``/``# DEST_LOCK`` where it turns Object Lock on.
"""

from __future__ import annotations

CLOUDFORMATION = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SourceKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
  ReplicaKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: s3.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: replicate
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetReplicationConfiguration, s3:ListBucket]
                Resource: arn:aws:s3:::acme-src-111122223333
              - Effect: Allow
                Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
                Resource: arn:aws:s3:::acme-src-111122223333/*
              - Effect: Allow
                Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
                Resource: arn:aws:s3:::acme-dst-111122223333/*
              - Effect: Allow
                Action: [kms:Encrypt, kms:GenerateDataKey]
                Resource: !GetAtt ReplicaKey.Arn
              # DECRYPT
  Destination:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-dst-111122223333
      VersioningConfiguration: {Status: Enabled}
      # DEST_LOCK
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-src-111122223333
      # SOURCE_LOCK
      VersioningConfiguration: {Status: Enabled}
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: !GetAtt SourceKey.Arn}
            BucketKeyEnabled: true
      ReplicationConfiguration:
        Role: !GetAtt Role.Arn
        Rules:
          - Id: all
            Status: Enabled
            Filter: {Prefix: ""}
            DeleteMarkerReplication: {Status: Disabled}
            SourceSelectionCriteria: {SseKmsEncryptedObjects: {Status: Enabled}}
            Destination:
              Bucket: arn:aws:s3:::acme-dst-111122223333
              EncryptionConfiguration: {ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn}
"""

CFN_DECRYPT = """- Effect: Allow
                Action: kms:Decrypt
                Resource: !GetAtt SourceKey.Arn
                Condition:
                  StringLike:
                    kms:EncryptionContext:aws:s3:arn: CONTEXT"""
